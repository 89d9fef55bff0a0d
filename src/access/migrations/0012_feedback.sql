-- Feedback sent from the public feedback form (the Beta banner's link), kept
-- for the organisation's officers to read. Nothing links it to an account:
-- the sender is known only by the reply address they chose to give, if any.
-- The organisation's policy pages (accessibility, privacy, cookies) are kept
-- in organisation_pages (0011).
CREATE TABLE feedback (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  doing TEXT NOT NULL,
  body TEXT NOT NULL,
  reply_email TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL CHECK (locale IN ('en', 'cy')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX feedback_by_time ON feedback (organisation_id, created_at);
