-- The timetable: the day an officer plans each phase of a process to start,
-- and whether the phase is used at all (a phase not used is skipped by
-- moving past it). No row: the phase has no planned date yet and is used.
-- The voting phase ends on pb_processes.voting_closes_on, kept there only.
-- Before voting the plan may change freely; from voting on only the closing
-- date may move. Every change is in the audit trail.
CREATE TABLE pb_phase_dates (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  phase TEXT NOT NULL,
  starts_on TEXT,
  used BIGINT NOT NULL CHECK (used IN (0, 1)),
  set_by TEXT,
  set_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, phase),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
