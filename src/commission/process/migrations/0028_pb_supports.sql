-- Shortlisting: while a process is shortlisting, signed-in members support
-- the eligible proposals they want to go forward; an officer sets a threshold
-- (a number of supports); leaving shortlisting forward closes the shortlist,
-- and proposals under the threshold are neither valued nor put on the ballot.
--
-- A support is kept under an anonymous key, not the account: the key is
-- SHA-256 of the process's secret, "support" and the account id (as voting
-- keeps an online voter), so the supporter can withdraw (the key is worked
-- out again from their account) and the primary key allows one support per
-- person per proposal, also under concurrency, while the table itself never
-- says who supported what. The key differs from the voter's key, so supports
-- cannot be matched with ballots.
CREATE TABLE pb_supports (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  proposal_id TEXT NOT NULL,
  supporter_key TEXT NOT NULL,
  supported_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, proposal_id, supporter_key),
  FOREIGN KEY (organisation_id, process_id, proposal_id) REFERENCES pb_proposals (organisation_id, process_id, id)
);

-- The threshold an officer set for the process (none: every eligible proposal goes through).
CREATE TABLE pb_shortlisting (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  threshold BIGINT NOT NULL CHECK (threshold >= 1),
  set_by TEXT,
  set_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);

-- The closed shortlist: each proposal that passed screening, its supports
-- when shortlisting closed and whether it made the shortlist. Written again
-- each time the process leaves shortlisting forward.
CREATE TABLE pb_shortlist (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  proposal_id TEXT NOT NULL,
  supports BIGINT NOT NULL CHECK (supports >= 0),
  shortlisted BIGINT NOT NULL CHECK (shortlisted IN (0, 1)),
  closed_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, proposal_id),
  FOREIGN KEY (organisation_id, process_id, proposal_id) REFERENCES pb_proposals (organisation_id, process_id, id)
);
