// The email sender is killed (SIGKILL) in the middle of a batch, then the
// server is started again on the same database: the SMTP server receives every
// queued message exactly once. The test's SMTP server (support/slow_mailbox.py)
// accepts a message only after a wait and only if the sender is still there,
// and the kill lands in that wait: between two messages' commits, where the
// outbox must neither lose the message in flight nor send a delivered one again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { freshSqliteUrl, startServer, Client, demoEmail, startSmtp, parseMessage, sql } from './harness.mjs';

const kMessages = 25;
const kKillDuring = 6;  // the sixth message of the first batch of ten

// Every message delivered, and those of the batch (the demo's own notices go out too).
function deliveredAll(smtp) {
  const dir = path.join(smtp.dir, 'new');
  return fs.readdirSync(dir).map((f) => parseMessage(fs.readFileSync(path.join(dir, f), 'utf8')));
}
const delivered = (smtp) => deliveredAll(smtp).filter((m) => /crash-\d+@example\.org/.test(m.to));

function begun(smtp) {
  try { return Number(fs.readFileSync(path.join(smtp.dir, 'receiving'), 'utf8')); } catch { return 0; }
}

async function until(what, test, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`waited ${seconds} s for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the email sender killed in the middle of a batch', () => {
  it('delivers every queued message exactly once after a restart', async () => {
    const smtp = await startSmtp({ acceptAfter: 0.4 });
    const db = freshSqliteUrl();
    const args = ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--smtp-no-starttls',
      '--mail-from', 'noreply@coproduce.test', '--public-url', 'http://coproduce.test', '--mail-lease', '2'];
    let server = await startServer(db.url, args);
    try {
      const officer = new Client(server.base);
      await officer.login(demoEmail('officer'));
      for (let i = 0; i < kMessages; ++i) {
        const r = await officer.post('/api/v1/invitations', { email: `crash-${i}@example.org`, role: 'resident' });
        assert.equal(r.status, 202, r.text);  // accepted: the email is queued
      }
      // Killed while the batch's sixth message is being received (begun, not yet delivered).
      await until(`the SMTP server to begin message ${kKillDuring} of the batch`,
        () => delivered(smtp).length >= kKillDuring - 1 && begun(smtp) > deliveredAll(smtp).length, 30);
      const exited = new Promise((r) => server.child.on('exit', r));
      server.child.kill('SIGKILL');
      await exited;
      server = null;
      const before = delivered(smtp).length;
      assert.ok(before >= kKillDuring - 1 && before < kMessages, `${before} delivered before the kill`);

      server = await startServer(db.url, args);
      await until(`all ${kMessages} messages`, () => delivered(smtp).length >= kMessages, 60);
      await new Promise((r) => setTimeout(r, 3000));  // longer than a lease: no late copy comes

      const messages = delivered(smtp);
      const perRecipient = new Map();
      for (const m of messages) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
      assert.equal(perRecipient.size, kMessages, 'every recipient received the message');
      assert.deepEqual([...perRecipient.values()].filter((n) => n !== 1), [], 'nobody received it twice');
      assert.equal(new Set(messages.map((m) => m.headers['message-id'])).size, kMessages);
      const states = sql(db.url, "SELECT status, COUNT(*) FROM outbox WHERE recipient LIKE 'crash-%' GROUP BY status");
      assert.deepEqual(states, [['sent', String(kMessages)]]);
    } finally {
      if (server) await server.stop();
      smtp.stop();
      db.stop();
    }
  });
});
