-- Points (cumulative) ballots: each voter shares out at most points_total
-- points, at most points_most to one project. Ranking ballots (ordinal) rank
-- from ballot_min to ballot_max projects, best first, and need neither.
ALTER TABLE pb_processes ADD COLUMN points_total BIGINT CHECK (points_total IS NULL OR points_total >= 1);
ALTER TABLE pb_processes ADD COLUMN points_most BIGINT CHECK (points_most IS NULL OR points_most >= 1);
