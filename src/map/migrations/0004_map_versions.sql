-- One counter per organisation, bumped in the same transaction as every
-- change to its map: readers (in any server process) compare it with the
-- version their cached responses were built from.
CREATE TABLE map_versions (
  organisation_id TEXT PRIMARY KEY REFERENCES organisations (id),
  version BIGINT NOT NULL
);
