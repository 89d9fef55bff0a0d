-- Running a participatory budget in the platform: the ballot's limits, the
-- phase dates, who signed the result off, the row every vote locks, voting
-- codes for people without an account, and receipts.

-- Approval ballots: at least ballot_min and at most ballot_max projects
-- (NULL: no most); knapsack ballots: a total cost of at most cost_limit_minor.
ALTER TABLE pb_processes ADD COLUMN ballot_min BIGINT NOT NULL DEFAULT 1 CHECK (ballot_min >= 0);
ALTER TABLE pb_processes ADD COLUMN ballot_max BIGINT CHECK (ballot_max IS NULL OR ballot_max >= 1);
ALTER TABLE pb_processes ADD COLUMN cost_limit_minor BIGINT CHECK (cost_limit_minor IS NULL OR cost_limit_minor >= 1);
-- The last day of voting (YYYY-MM-DD); it may move during voting, with a reason.
ALTER TABLE pb_processes ADD COLUMN voting_closes_on TEXT;
-- Keys an online voter's ballot without naming them (SHA-256 of secret and account).
ALTER TABLE pb_processes ADD COLUMN voter_secret TEXT NOT NULL DEFAULT '';
-- Positions handed to new ballots. Every vote updates this row first, so votes
-- on one process are serialised against each other and against a phase change.
ALTER TABLE pb_processes ADD COLUMN ballots_cast BIGINT NOT NULL DEFAULT 0;
-- The map initiative the process's contributions go to.
ALTER TABLE pb_processes ADD COLUMN initiative_id TEXT;
ALTER TABLE pb_processes ADD COLUMN signed_off_by TEXT;
ALTER TABLE pb_processes ADD COLUMN signed_off_at TEXT;

-- SHA-256 of the receipt code the voter was given (the code itself is shown once).
ALTER TABLE pb_ballots ADD COLUMN receipt_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE pb_ballots ADD COLUMN cast_at TEXT NOT NULL DEFAULT '';
CREATE INDEX pb_ballots_by_receipt ON pb_ballots (organisation_id, process_id, receipt_sha256);

-- Single-use voting codes, kept only as SHA-256; used_at is set by the vote
-- that used it, in the same transaction.
CREATE TABLE pb_voting_codes (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code_sha256 TEXT NOT NULL,
  batch TEXT NOT NULL,
  created_at TEXT NOT NULL,
  used_at TEXT,
  PRIMARY KEY (organisation_id, process_id, code_sha256),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
