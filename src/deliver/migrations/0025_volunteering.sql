-- Volunteering: opportunities on the map's initiatives, their shifts, and
-- people's assignments to them. See docs/volunteering.md.
CREATE TABLE volunteer_opportunities (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  title TEXT NOT NULL,
  what_you_do TEXT NOT NULL,
  what_you_get TEXT NOT NULL,
  time_asked TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '',  -- comma-separated
  checks TEXT NOT NULL DEFAULT '',  -- comma-separated safeguarding check kinds
  flexible INTEGER NOT NULL CHECK (flexible IN (0, 1)),
  window_from TEXT,
  window_to TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id),
  CHECK ((flexible = 1 AND window_from IS NOT NULL AND window_to IS NOT NULL AND window_from <= window_to)
         OR (flexible = 0 AND window_from IS NULL AND window_to IS NULL))
);

CREATE INDEX volunteer_opportunities_by_initiative ON volunteer_opportunities (organisation_id, initiative_id);

-- A fixed shift: local start and end (YYYY-MM-DDTHH:MM), its number of places
-- and the code volunteers check in with at the venue.
CREATE TABLE volunteer_shifts (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  opportunity_id TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  places INTEGER NOT NULL CHECK (places >= 1),
  checkin_code TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, id, places),
  CHECK (ends_at > starts_at),
  FOREIGN KEY (organisation_id, opportunity_id) REFERENCES volunteer_opportunities (organisation_id, id)
);

CREATE INDEX volunteer_shifts_by_start ON volunteer_shifts (organisation_id, opportunity_id, starts_at);

-- One person on one shift (or on a flexible opportunity, without a shift).
-- An assignment that holds a place has its number: UNIQUE (shift, place) and
-- place <= the shift's places (copied in `places`, kept equal to the shift's
-- by the foreign key, which cascades a change of places and fails when a
-- taken place would fall outside) make the database refuse a place taken
-- twice or a place beyond the last, whatever the application does.
CREATE TABLE volunteer_assignments (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  opportunity_id TEXT NOT NULL,
  shift_id TEXT,
  places INTEGER,
  place INTEGER,
  person_id TEXT NOT NULL REFERENCES accounts (id),
  status TEXT NOT NULL CHECK (status IN ('applied', 'waiting', 'approved', 'confirmed', 'checked_in', 'completed',
                                         'no_show', 'cancelled')),
  waiting_since TEXT,
  waiting_position INTEGER,  -- the order of the waiting list on its shift
  logged_hours_x100 BIGINT CHECK (logged_hours_x100 > 0),
  verified_hours_x100 BIGINT CHECK (verified_hours_x100 > 0),
  contribution_id TEXT,
  created_by TEXT,
  decided_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, shift_id, place),
  CHECK (place IS NULL OR (shift_id IS NOT NULL AND place >= 1 AND place <= places)),
  CHECK ((shift_id IS NULL AND places IS NULL) OR (shift_id IS NOT NULL AND places IS NOT NULL)),
  CHECK ((place IS NOT NULL) = (shift_id IS NOT NULL AND status IN ('approved', 'confirmed', 'checked_in', 'completed', 'no_show'))),
  CHECK ((status = 'completed') = (verified_hours_x100 IS NOT NULL)),
  FOREIGN KEY (organisation_id, opportunity_id) REFERENCES volunteer_opportunities (organisation_id, id),
  FOREIGN KEY (organisation_id, shift_id, places) REFERENCES volunteer_shifts (organisation_id, id, places)
    ON UPDATE CASCADE
);

-- One live assignment per person per shift, and per flexible opportunity.
CREATE UNIQUE INDEX volunteer_assignments_one_per_shift ON volunteer_assignments (organisation_id, shift_id, person_id)
  WHERE shift_id IS NOT NULL AND status <> 'cancelled';
CREATE UNIQUE INDEX volunteer_assignments_one_per_flexible
  ON volunteer_assignments (organisation_id, opportunity_id, person_id)
  WHERE shift_id IS NULL AND status <> 'cancelled';
CREATE INDEX volunteer_assignments_by_person ON volunteer_assignments (organisation_id, person_id, status);
CREATE INDEX volunteer_assignments_by_shift ON volunteer_assignments (organisation_id, shift_id, status);
