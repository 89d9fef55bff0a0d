-- Areas, services and community groups are archived, never deleted: what
-- refers to them (initiatives, contributions, the audit trail) keeps its
-- meaning, while lists and choices leave them out.
ALTER TABLE areas ADD COLUMN archived_at TEXT;
ALTER TABLE services ADD COLUMN archived_at TEXT;
ALTER TABLE community_groups ADD COLUMN archived_at TEXT;
