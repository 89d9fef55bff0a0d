-- The contribution ledger. Contributions become ledger entries: the person
-- who contributed (when known), how many people an aggregate entry stands
-- for, a status (claimed -> confirmed | disputed -> void) with who decided,
-- when and why, a visibility (named, pseudonym, aggregate only), the module
-- record that produced the entry, and, on a correcting entry, the entry it
-- reverses. Confirmed entries are never changed: a reversing entry cancels one.
ALTER TABLE contributions ADD COLUMN person_id TEXT;
ALTER TABLE contributions ADD COLUMN people BIGINT NOT NULL DEFAULT 1 CHECK (people >= 1);
ALTER TABLE contributions ADD COLUMN status TEXT NOT NULL DEFAULT 'claimed'
  CHECK (status IN ('claimed', 'confirmed', 'disputed', 'void'));
ALTER TABLE contributions ADD COLUMN visibility TEXT NOT NULL DEFAULT 'pseudonym'
  CHECK (visibility IN ('named', 'pseudonym', 'aggregate'));
ALTER TABLE contributions ADD COLUMN source_type TEXT NOT NULL DEFAULT 'map.contribution';
ALTER TABLE contributions ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE contributions ADD COLUMN recorded_role TEXT NOT NULL DEFAULT '';
ALTER TABLE contributions ADD COLUMN decided_by TEXT;
ALTER TABLE contributions ADD COLUMN decided_at TEXT NOT NULL DEFAULT '';
ALTER TABLE contributions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE contributions ADD COLUMN reverses_id TEXT;

UPDATE contributions SET status = 'confirmed', decided_by = confirmed_by, decided_at = confirmed_on
  WHERE confirmed_by IS NOT NULL OR confirmed_on <> '';
UPDATE contributions SET source_id = id;
ALTER TABLE contributions DROP COLUMN confirmed_by;
ALTER TABLE contributions DROP COLUMN confirmed_on;

-- An entry is reversed at most once, whoever tries at the same moment.
CREATE UNIQUE INDEX contributions_one_reversal ON contributions (organisation_id, reverses_id)
  WHERE reverses_id IS NOT NULL;
CREATE INDEX contributions_by_source ON contributions (organisation_id, source_type, source_id);
CREATE INDEX contributions_by_person ON contributions (organisation_id, person_id, made_on);
CREATE INDEX contributions_by_status ON contributions (organisation_id, status);
