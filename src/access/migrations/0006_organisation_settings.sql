-- Organisation settings that modules declare (module::Setting), one row per
-- setting an officer changed from its default. Values are text, checked
-- against the declared range when read.
CREATE TABLE organisation_settings (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, key)
);
