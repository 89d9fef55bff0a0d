-- Community assets: what the community manages or lends (a hall, a minibus, a
-- garden). Each has a steward, the member who answers for it, and optionally
-- the community group that runs it. Its status follows community asset
-- transfer: listed, requested, leased, transferred. hourly_value_minor is what
-- an hour of its use is worth, so that a free booking can be valued in money.
CREATE TABLE community_assets (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('building', 'vehicle', 'land', 'equipment', 'other')),
  steward_id TEXT NOT NULL REFERENCES accounts (id),
  group_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('listed', 'requested', 'leased', 'transferred')),
  hourly_value_minor BIGINT CHECK (hourly_value_minor >= 0),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, group_id) REFERENCES community_groups (organisation_id, id)
);

-- Bookings of an asset, within one day (starts_at and ends_at are local
-- YYYY-MM-DDTHH:MM). A booking by the steward or an officer is confirmed at
-- once; anyone else's is requested until the steward confirms it. Requested
-- and confirmed bookings hold their time: a clash is refused. A free,
-- confirmed booking for an initiative is an in-kind contribution to it.
CREATE TABLE asset_bookings (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  booked_by TEXT REFERENCES accounts (id),
  initiative_id TEXT,
  purpose TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled')),
  charge_minor BIGINT NOT NULL DEFAULT 0 CHECK (charge_minor >= 0),
  contribution_id TEXT,
  decided_by TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  CHECK (starts_at < ends_at),
  FOREIGN KEY (organisation_id, asset_id) REFERENCES community_assets (organisation_id, id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id)
);
CREATE INDEX asset_bookings_by_time ON asset_bookings (organisation_id, asset_id, starts_at);

-- Goods given to an initiative (food, tools, paint), recorded with a value
-- when one is given; each is an in-kind contribution on the map.
CREATE TABLE asset_donations (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  donor_id TEXT REFERENCES accounts (id),
  group_id TEXT,
  description TEXT NOT NULL,
  value_minor BIGINT CHECK (value_minor >= 0),
  made_on TEXT NOT NULL,
  contribution_id TEXT NOT NULL,
  recorded_by TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id),
  FOREIGN KEY (organisation_id, group_id) REFERENCES community_groups (organisation_id, id)
);
