-- Participatory budgeting in the platform: a process (one budget, one ballot
-- kind, one counting rule frozen with the ballot definition), its projects,
-- anonymous whole ballots, and the stored result with the engine's
-- explanation per project. Money is integer minor units.
CREATE TABLE pb_processes (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  area_id TEXT,
  name_en TEXT NOT NULL,
  name_cy TEXT NOT NULL,
  currency TEXT NOT NULL,
  budget_minor BIGINT NOT NULL CHECK (budget_minor >= 0),
  phase TEXT NOT NULL CHECK (phase IN ('informing', 'proposing', 'screening', 'shortlisting',
    'valuating', 'ballot_published', 'voting', 'reconciling', 'counting', 'results_published',
    'delivering', 'closed')),
  rule TEXT NOT NULL,
  tie_break TEXT NOT NULL CHECK (tie_break IN ('by-id', 'cost-votes-id')),
  ballot_kind TEXT NOT NULL CHECK (ballot_kind IN ('approval', 'choose-1', 'cumulative', 'scoring', 'ordinal')),
  -- SHA-256 (hex) of the frozen ballot definition: kind, rule, tie-break, budget, projects.
  definition_sha256 TEXT NOT NULL,
  -- Where an imported process came from (the .pb file's name), else ''.
  source TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, area_id) REFERENCES areas (organisation_id, id)
);

-- A project keeps its code (a .pb file's project_id) for the life of the process.
CREATE TABLE pb_projects (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code TEXT NOT NULL,
  position BIGINT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  cost_minor BIGINT NOT NULL CHECK (cost_minor >= 0),
  category TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (organisation_id, process_id, code),
  UNIQUE (organisation_id, process_id, position),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);

-- Whole ballots, never per-project totals. `choices` lists project codes
-- separated by commas as the voter gave them (for ranking ballots, best first);
-- `points` the points aligned with them (cumulative and scoring ballots), else ''.
-- The voter key is anonymous; one ballot per voter key except for imported files,
-- which keep every row of the file as the file counts it.
CREATE TABLE pb_ballots (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  position BIGINT NOT NULL,
  voter_key TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('import', 'online', 'code', 'paper')),
  choices TEXT NOT NULL,
  points TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (organisation_id, process_id, position),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);
CREATE UNIQUE INDEX pb_ballots_one_per_voter ON pb_ballots (organisation_id, process_id, voter_key)
  WHERE channel <> 'import';

-- The counted result: one row per process, and per project whether it won,
-- its place in the selection order, its votes and the engine's explanation
-- (JSON with exact rationals as "a/b").
CREATE TABLE pb_results (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  tie_break TEXT NOT NULL,
  voters BIGINT NOT NULL,
  total_cost_minor BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  counted_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_processes (organisation_id, id)
);

CREATE TABLE pb_result_projects (
  organisation_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  code TEXT NOT NULL,
  selected_order BIGINT,
  votes BIGINT NOT NULL,
  explanation TEXT NOT NULL,
  PRIMARY KEY (organisation_id, process_id, code),
  FOREIGN KEY (organisation_id, process_id) REFERENCES pb_results (organisation_id, process_id)
);
CREATE INDEX pb_processes_by_phase ON pb_processes (organisation_id, phase);
