-- Each initiative's ledger summed by phase, role and currency, counted
-- entries (confirmed, not reversed, not a reversal) apart from pending ones
-- (claimed or disputed): what the map and its typology are derived from.
-- Kept in step with the ledger in the same transaction as every change to it
-- (map::repo), so the map reads one row per group, not every entry.
CREATE TABLE ledger_tallies (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  initiative_id TEXT NOT NULL,
  phase TEXT NOT NULL,
  role TEXT NOT NULL,
  counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
  currency TEXT NOT NULL,
  entries BIGINT NOT NULL,
  people BIGINT NOT NULL,
  hours_x100 BIGINT NOT NULL,
  money_minor BIGINT NOT NULL,
  PRIMARY KEY (organisation_id, initiative_id, phase, role, counted, currency),
  FOREIGN KEY (organisation_id, initiative_id) REFERENCES initiatives (organisation_id, id)
);

-- What the ledger already holds. A reversing entry is a copy of the entry it
-- reverses, so subtracting the reversals removes the reversed entries exactly.
INSERT INTO ledger_tallies (organisation_id, initiative_id, phase, role, counted, currency,
                            entries, people, hours_x100, money_minor)
SELECT organisation_id, initiative_id, phase, role,
       CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END, currency,
       SUM(CASE WHEN reverses_id IS NULL THEN 1 ELSE -1 END),
       SUM(CASE WHEN reverses_id IS NULL THEN people ELSE -people END),
       SUM(CASE WHEN reverses_id IS NULL THEN hours_x100 ELSE -hours_x100 END),
       SUM(CASE WHEN reverses_id IS NULL THEN money_minor ELSE -money_minor END)
FROM contributions WHERE status <> 'void'
GROUP BY organisation_id, initiative_id, phase, role, CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END, currency;
