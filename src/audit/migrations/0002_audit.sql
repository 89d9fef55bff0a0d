-- Audit trail: every state change records who, what, when, before and after.
-- organisation_id is '' for deployment-wide events (creating an account or an
-- organisation before anyone belongs to it). before_json/after_json never hold secrets.
CREATE TABLE audit_events (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_account_id TEXT,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX audit_events_by_entity ON audit_events (organisation_id, entity_type, entity_id, at);
CREATE INDEX audit_events_by_time ON audit_events (organisation_id, at);
