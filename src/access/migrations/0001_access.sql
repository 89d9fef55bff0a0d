-- People and access: organisations (tenants), accounts (global: one person can
-- belong to several organisations), memberships with a role per organisation,
-- sessions and API tokens. Secrets are stored only as SHA-256 or argon2id hashes.
-- creation_order: 1, 2, 3... so "the organisation created first" (the
-- deployment's default) is well defined even within one second.
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  default_locale TEXT NOT NULL,
  created_at TEXT NOT NULL,
  creation_order BIGINT NOT NULL
);

-- email is stored lower-cased, so UNIQUE is case-insensitive.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE memberships (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  role TEXT NOT NULL
    CHECK (role IN ('resident', 'community_member', 'professional', 'councillor', 'officer')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id)
);

CREATE INDEX memberships_by_account ON memberships (account_id);

-- id is the hex SHA-256 of the random token in the cookie; the token itself is never stored.
CREATE TABLE sessions (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  csrf_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE TABLE api_tokens (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, token_hash)
);

CREATE INDEX api_tokens_by_account ON api_tokens (organisation_id, account_id);
