-- The email outbox: a message is written here in the same transaction as the
-- change that causes it, so it is sent if and only if that change happened.
-- A background sender claims due messages (status 'sending' with a lease and
-- a claim token), sends each over SMTP and marks it sent in its own commit
-- before the next; a sender that dies leaves its claim to expire, and the
-- message is sent again with the same Message-ID (<id>@<sender's domain>). The body is cleared once
-- sent: the outbox keeps who was sent what kind of message, and when.
CREATE TABLE outbox (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  locale TEXT NOT NULL,
  template TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claim TEXT,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_claims ON outbox (claim);
