-- Who may vote online or with a code, frozen with the ballot: voters declare
-- they are at least minimum_age (NULL: no minimum) and give a postcode that
-- must be in the residence list (postcodes: full postcodes, sectors, outward
-- codes or areas, comma separated, normalised; '' for none). Neither the
-- declaration nor the postcode is kept with the ballot.
ALTER TABLE pb_processes ADD COLUMN minimum_age BIGINT CHECK (minimum_age IS NULL OR (minimum_age >= 1 AND minimum_age <= 120));
ALTER TABLE pb_processes ADD COLUMN postcodes TEXT NOT NULL DEFAULT '';
