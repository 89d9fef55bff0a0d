-- The sample module's own records: inspection visits to initiatives.
CREATE TABLE sample_visits (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  visitor_label TEXT NOT NULL,
  hours_x100 BIGINT NOT NULL CHECK (hours_x100 > 0),
  visited_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id)
);
