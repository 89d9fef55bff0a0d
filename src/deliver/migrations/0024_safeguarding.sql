-- Safeguarding checks. A safeguarding lead is a designation an officer grants
-- to a member (officers and professionals) on top of their one role; only
-- leads see or change the register.
CREATE TABLE safeguarding_leads (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id)
);

-- One check a person holds. The certificate number is sealed (secret-key
-- encryption with a random nonce, hex); nothing else of a certificate is
-- kept. Status and the recheck date are derived on read from the dates and
-- the organisation's policy, never stored. seen_by/seen_on: who saw the
-- original certificate, and when (NULL: not yet, the check is pending).
CREATE TABLE safeguarding_checks (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES accounts (id),
  kind TEXT NOT NULL CHECK (kind IN ('dbs_basic', 'dbs_standard', 'dbs_enhanced', 'dbs_enhanced_children',
                                     'dbs_enhanced_adults', 'dbs_enhanced_both', 'access_ni', 'pvg', 'training')),
  certificate_sealed TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  update_service INTEGER NOT NULL CHECK (update_service IN (0, 1)),
  status_checked_on TEXT,
  status_result TEXT CHECK (status_result IN ('clear', 'new_information')),
  status_checked_by TEXT,
  seen_by TEXT,
  seen_on TEXT,
  recorded_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  CHECK ((status_checked_on IS NULL AND status_result IS NULL) OR
         (status_checked_on IS NOT NULL AND status_result IS NOT NULL)),
  CHECK ((seen_by IS NULL AND seen_on IS NULL) OR (seen_by IS NOT NULL AND seen_on IS NOT NULL))
);

CREATE INDEX safeguarding_checks_by_person ON safeguarding_checks (organisation_id, person_id);

-- Every view of the register, of a person's checks or of the renewal report:
-- who looked, whose checks (NULL: the whole register or the report), when.
CREATE TABLE safeguarding_views (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  viewer_id TEXT NOT NULL,
  person_id TEXT,
  what TEXT NOT NULL CHECK (what IN ('register', 'person', 'report')),
  viewed_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX safeguarding_views_by_time ON safeguarding_views (organisation_id, viewed_at);
