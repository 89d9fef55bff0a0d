-- Who may vote and how: an optional census of eligible people (identifiers
-- kept only as SHA-256 with the process's id), the record that each of them
-- has voted (one row per person, whatever the channel: the database holds
-- one ballot per person), and paper ballots entered twice by two booth
-- officers, reconciled when the two readings differ.

CREATE TABLE pb_census (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  identifier_sha256 TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  age_band TEXT NOT NULL DEFAULT '',
  -- The SHA-256 of the voting code sent to this person (pb_voting_codes).
  code_sha256 TEXT,
  PRIMARY KEY (organisation_id, process_id, identifier_sha256),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
CREATE INDEX pb_census_by_code ON pb_census (organisation_id, process_id, code_sha256);

-- A person on the census has voted, once, by one channel: the first ballot
-- counts (an online voter may still change their online ballot).
CREATE TABLE pb_voted (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  identifier_sha256 TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('online', 'code', 'paper')),
  voted_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, identifier_sha256),
  FOREIGN KEY (organisation_id, process_id, identifier_sha256)
    REFERENCES pb_census (organisation_id, process_id, identifier_sha256)
);

-- Each paper ballot (by the number written on it) is entered twice, by two
-- different booth officers. Agreeing entries make the ballot; differing ones
-- wait for an officer to reconcile them. A spoilt paper counts for nothing.
CREATE TABLE pb_paper_entries (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  paper TEXT NOT NULL,
  entry BIGINT NOT NULL CHECK (entry IN (1, 2)),
  entered_by TEXT NOT NULL,
  choices TEXT NOT NULL,
  spoilt BIGINT NOT NULL DEFAULT 0 CHECK (spoilt IN (0, 1)),
  entered_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, paper, entry),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);

-- How each paper was settled: agreed (both entries), reconciled (by whom), spoilt.
CREATE TABLE pb_papers (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  paper TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('agreed', 'reconciled')),
  spoilt BIGINT NOT NULL DEFAULT 0 CHECK (spoilt IN (0, 1)),
  settled_by TEXT,
  settled_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, paper),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
