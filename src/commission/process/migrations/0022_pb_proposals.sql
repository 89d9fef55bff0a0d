-- Residents' proposals: made and edited while the process is proposing,
-- screened by an officer (eligible, or not with a reason the proposer sees,
-- or merged into another), valued by a professional (feasible with a cost,
-- or not with a reason), answered by the proposer within a window; feasible
-- ones go on the ballot as projects when it is published.
CREATE TABLE pb_proposals (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  id TEXT NOT NULL,
  proposer_id TEXT,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  rough_cost_minor BIGINT CHECK (rough_cost_minor IS NULL OR rough_cost_minor > 0),
  location TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'eligible', 'ineligible', 'merged', 'feasible', 'infeasible')),
  screening_reason TEXT NOT NULL DEFAULT '',
  merged_into TEXT,
  cost_minor BIGINT CHECK (cost_minor IS NULL OR cost_minor > 0),
  valuation_reason TEXT NOT NULL DEFAULT '',
  valued_by TEXT,
  reply TEXT NOT NULL DEFAULT '',
  reply_until TEXT,
  project_code TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, id),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
CREATE INDEX pb_proposals_by_proposer ON pb_proposals (proposer_id);
