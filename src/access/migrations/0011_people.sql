-- People join by themselves: an account's email is verified before it signs
-- in, its language is kept for pages and emails, and a deleted account stays
-- as an empty row (deleted_at set, no email or name) so what the person
-- contributed keeps its link, as aggregate only.
ALTER TABLE accounts ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
ALTER TABLE accounts ADD COLUMN email_verified_at TEXT;
ALTER TABLE accounts ADD COLUMN deleted_at TEXT;
-- Accounts made before verification existed were made by an officer or the demo.
UPDATE accounts SET email_verified_at = created_at;

-- What a person sees in their list of sessions: "Firefox on Android".
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_account ON sessions (account_id);

-- API tokens expire (at most a year after they are made).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- The organisation's name in Welsh and who to contact.
ALTER TABLE organisations ADD COLUMN name_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';

-- Single-use links sent by email: verify an address, reset a password,
-- confirm a new address. Only the SHA-256 of the link's token is kept.
CREATE TABLE account_tokens (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
  new_email TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX account_tokens_by_account ON account_tokens (account_id);

-- Membership comes by invitation: an officer names an email and a role, the
-- person accepts by the emailed link (creating an account if they have none).
CREATE TABLE invitations (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('resident', 'community_member', 'professional', 'councillor', 'officer')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT,
  accepted_by TEXT REFERENCES accounts (id),
  revoked_at TEXT,
  PRIMARY KEY (organisation_id, id)
);

-- The organisation's accessibility statement, privacy notice and cookies
-- page, in each language; absent means the platform's standard text.
CREATE TABLE organisation_pages (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  page TEXT NOT NULL CHECK (page IN ('accessibility', 'privacy', 'cookies')),
  locale TEXT NOT NULL CHECK (locale IN ('en', 'cy')),
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, page, locale)
);
