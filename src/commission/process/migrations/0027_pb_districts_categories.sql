-- Ballots over districts and categories, frozen with the ballot definition.
-- one_district = 1: a ballot names projects of one district at most, besides
-- city-wide projects (those with no district).
ALTER TABLE pb_processes ADD COLUMN one_district BIGINT NOT NULL DEFAULT 0 CHECK (one_district IN (0, 1));
-- {"district": budget_minor, ...}: each named district's projects are counted
-- against their own budget, with the voters who chose any of them; city-wide
-- projects get what is left of budget_minor, with every voter. '{}' when the
-- budget is one pot. JSON because it is read and frozen as one value with the
-- process row, never queried by district.
ALTER TABLE pb_processes ADD COLUMN district_budgets TEXT NOT NULL DEFAULT '{}';
-- {"category": most, ...}: a ballot names at most `most` projects of that category.
ALTER TABLE pb_processes ADD COLUMN category_limits TEXT NOT NULL DEFAULT '{}';
