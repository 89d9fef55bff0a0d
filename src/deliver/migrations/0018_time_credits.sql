-- Time credits: a time bank where residents give each other hours. An account
-- belongs to one person, or to one community group, in one organisation.
-- Balances are never stored: they are the sum of an account's movements, and
-- each confirmed exchange writes two movements that sum to zero. The limits
-- are an account's own when set, else the organisation's (settings).
CREATE TABLE time_accounts (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  person_id TEXT REFERENCES accounts (id),
  group_id TEXT,
  lower_limit_x100 BIGINT CHECK (lower_limit_x100 <= 0),
  upper_limit_x100 BIGINT CHECK (upper_limit_x100 >= 0),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, person_id),
  UNIQUE (organisation_id, group_id),
  CHECK ((person_id IS NULL AND group_id IS NOT NULL) OR (person_id IS NOT NULL AND group_id IS NULL)),
  FOREIGN KEY (organisation_id, group_id) REFERENCES community_groups (organisation_id, id)
);

-- The organisation's time bank: the initiative of the map its exchanges count
-- towards, chosen by an officer. Until one is chosen no exchange is taken.
CREATE TABLE time_bank_settings (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  initiative_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id)
);

-- What members offer and ask for.
CREATE TABLE time_listings (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('offer', 'request')),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  hours_x100 BIGINT NOT NULL CHECK (hours_x100 > 0),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, account_id) REFERENCES time_accounts (organisation_id, id)
);

CREATE INDEX time_listings_by_kind ON time_listings (organisation_id, kind, active, created_at);

-- An exchange of hours: the payer received help and pays credits to the payee,
-- who gave the time. proposed -> confirmed (by the other side, or by the
-- platform after the organisation's number of days) | disputed (final). A
-- confirmed exchange is corrected only by a reversal: a confirmed exchange in
-- the other direction that names it; an exchange is reversed at most once.
CREATE TABLE time_exchanges (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  payer_account_id TEXT NOT NULL,
  payee_account_id TEXT NOT NULL,
  hours_x100 BIGINT NOT NULL CHECK (hours_x100 > 0),
  description TEXT NOT NULL,
  made_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'disputed')),
  proposer_account_id TEXT NOT NULL,
  proposed_by TEXT,
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT NOT NULL DEFAULT '',
  reverses_id TEXT,
  contribution_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, reverses_id),
  CHECK (payer_account_id <> payee_account_id),
  CHECK (proposer_account_id = payer_account_id OR proposer_account_id = payee_account_id),
  FOREIGN KEY (organisation_id, payer_account_id) REFERENCES time_accounts (organisation_id, id),
  FOREIGN KEY (organisation_id, payee_account_id) REFERENCES time_accounts (organisation_id, id),
  FOREIGN KEY (organisation_id, reverses_id) REFERENCES time_exchanges (organisation_id, id)
);

CREATE INDEX time_exchanges_by_payer ON time_exchanges (organisation_id, payer_account_id);
CREATE INDEX time_exchanges_by_payee ON time_exchanges (organisation_id, payee_account_id);
CREATE INDEX time_exchanges_waiting ON time_exchanges (status, created_at);

-- Double entry: one row per account per confirmed exchange, written once and
-- never changed. The payer's is negative, the payee's positive.
CREATE TABLE time_movements (
  organisation_id TEXT NOT NULL,
  exchange_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  amount_x100 BIGINT NOT NULL CHECK (amount_x100 <> 0),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, exchange_id, account_id),
  FOREIGN KEY (organisation_id, exchange_id) REFERENCES time_exchanges (organisation_id, id),
  FOREIGN KEY (organisation_id, account_id) REFERENCES time_accounts (organisation_id, id)
);

CREATE INDEX time_movements_by_account ON time_movements (organisation_id, account_id, amount_x100);
