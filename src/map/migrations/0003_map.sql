-- The co-production map: areas (nested), services, community groups,
-- initiatives with their declared descriptors, contributions, and
-- self-assessments. Derived facts (typology cell, active Co's, totals) are
-- never stored: they are computed from contributions on read.
CREATE TABLE areas (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('city', 'district', 'neighbourhood')),
  parent_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, parent_id) REFERENCES areas (organisation_id, id)
);

CREATE TABLE services (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  provider TEXT NOT NULL,
  sector TEXT NOT NULL CHECK (sector IN ('public', 'private', 'third')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE TABLE community_groups (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE TABLE initiatives (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  summary TEXT NOT NULL,
  area_id TEXT,
  service_id TEXT,
  level TEXT CHECK (level IN ('simple', 'intermediate', 'transformational')),
  governance_driver INTEGER NOT NULL DEFAULT 0 CHECK (governance_driver IN (0, 1)),
  logistical_driver INTEGER NOT NULL DEFAULT 0 CHECK (logistical_driver IN (0, 1)),
  started_on TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, area_id) REFERENCES areas (organisation_id, id),
  FOREIGN KEY (organisation_id, service_id) REFERENCES services (organisation_id, id)
);

CREATE TABLE contributions (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  group_id TEXT,
  contributor_label TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('professional', 'service_user', 'community_member')),
  phase TEXT NOT NULL CHECK (phase IN ('planning', 'commissioning', 'design', 'managing',
                                       'delivering', 'monitoring', 'evaluating')),
  kind TEXT NOT NULL CHECK (kind IN ('hours', 'money', 'in_kind', 'expertise')),
  hours_x100 BIGINT NOT NULL DEFAULT 0 CHECK (hours_x100 >= 0),
  money_minor BIGINT NOT NULL DEFAULT 0 CHECK (money_minor >= 0),
  currency TEXT NOT NULL DEFAULT 'GBP',
  description TEXT NOT NULL DEFAULT '',
  made_on TEXT NOT NULL,
  recorded_by TEXT,
  confirmed_by TEXT,
  confirmed_on TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id),
  FOREIGN KEY (organisation_id, group_id) REFERENCES community_groups (organisation_id, id)
);

CREATE INDEX contributions_by_initiative ON contributions (organisation_id, initiative_id);

CREATE TABLE assessments (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  frame TEXT NOT NULL CHECK (frame IN ('nef_principles', 'five_steps')),
  assessed_on TEXT NOT NULL,
  scores_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id)
);

CREATE INDEX assessments_by_initiative ON assessments (organisation_id, initiative_id);
