-- Delivering what the vote chose: each winning project becomes an initiative
-- on the co-production map, with a responsible person, milestones and
-- followers (people told when a milestone is reached).
CREATE TABLE pb_deliveries (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  responsible_id TEXT,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done')),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, code),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);

CREATE TABLE pb_milestones (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code TEXT NOT NULL,
  position BIGINT NOT NULL,
  title TEXT NOT NULL,
  due_on TEXT,
  done_on TEXT,
  -- The ledger entry the responsible person's work on it made.
  contribution_id TEXT,
  PRIMARY KEY (organisation_id, process_id, code, position),
  FOREIGN KEY (organisation_id, process_id, code) REFERENCES pb_deliveries (organisation_id, process_id, code)
);

CREATE TABLE pb_followers (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code TEXT NOT NULL,
  account_id TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, code, account_id),
  FOREIGN KEY (organisation_id, process_id, code) REFERENCES pb_deliveries (organisation_id, process_id, code)
);
CREATE INDEX pb_followers_by_account ON pb_followers (account_id);
