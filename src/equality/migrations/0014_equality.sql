-- Equality monitoring: a person's answers in one organisation, kept only with
-- their consent (when it was given and when the answers last changed). A
-- question not answered has no row; "prefer_not_to_say" is an answer. The
-- answers are personal data: read back only by the person and counted, never
-- listed, for the organisation's report.
CREATE TABLE equality_responses (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  consented_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id)
);

CREATE TABLE equality_answers (
  organisation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  PRIMARY KEY (organisation_id, account_id, question),
  FOREIGN KEY (organisation_id, account_id) REFERENCES equality_responses (organisation_id, account_id)
    ON DELETE CASCADE
);
