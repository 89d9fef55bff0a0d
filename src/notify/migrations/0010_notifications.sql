-- In-app notifications, one row per person and event, and each person's
-- choice of which kinds also come by email (absent: by email).
CREATE TABLE notifications (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  kind TEXT NOT NULL,
  args TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX notifications_by_account ON notifications (organisation_id, account_id, created_at);

CREATE TABLE notification_preferences (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  kind TEXT NOT NULL,
  by_email INTEGER NOT NULL CHECK (by_email IN (0, 1)),
  PRIMARY KEY (account_id, kind)
);
