-- Answers typed in a page form that arrived after the person's session had
-- ended (or changed), kept for a short while so that after signing in they
-- find the form filled in as they left it, to check and send again. The row
-- is found by the hash of a secret held only in that browser's cookie, on the
-- page the form is on, once; expired rows are deleted whenever one is kept.
-- Never a password, a secret or a CSRF token (the code leaves them out).
CREATE TABLE kept_forms (
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  id TEXT NOT NULL,
  form_page TEXT NOT NULL,
  action TEXT NOT NULL,
  fields TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE INDEX kept_forms_by_expiry ON kept_forms (expires_at);
