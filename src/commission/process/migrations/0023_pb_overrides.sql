-- A councillor may override the count for a project before signing it off
-- (a winner dropped, or another funded), always with a reason; overrides are
-- public beside the engine's result, which is kept as counted.
CREATE TABLE pb_overrides (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code TEXT NOT NULL,
  chosen BIGINT NOT NULL CHECK (chosen IN (0, 1)),
  reason TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, code),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
