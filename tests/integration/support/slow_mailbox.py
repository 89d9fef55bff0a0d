"""An SMTP server for the crash test (aiosmtpd handler, delivering to a maildir).

Before it accepts a message it writes how many it has begun to receive to
`<maildir>/receiving`, waits, and delivers only if the client is still
connected: a message whose sender died before the reply was never accepted,
as with a server that commits a message when it acknowledges it. The test
kills the sender while it waits, so it dies between two messages' commits.
"""
import asyncio
import os

from aiosmtpd.handlers import Mailbox


class SlowMailbox(Mailbox):
    def __init__(self, mail_dir, delay):
        super().__init__(mail_dir)
        self.delay = float(delay)
        self.begun = 0

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 2:
            parser.error("SlowMailbox takes the maildir and the delay in seconds")
        return cls(args[0], args[1])

    async def handle_DATA(self, server, session, envelope):
        self.begun += 1
        marker = os.path.join(self.mail_dir, "receiving")
        with open(marker + ".tmp", "w") as f:
            f.write(str(self.begun))
        os.replace(marker + ".tmp", marker)
        await asyncio.sleep(self.delay)
        transport = getattr(server, "transport", None)
        if transport is None or transport.is_closing():
            return "421 The client went away before the message was accepted"
        return await super().handle_DATA(server, session, envelope)
