-- Failed sign-ins, kept in the database so every server process sees the
-- same counts. Global like accounts: a key is "account:<email>" (known or
-- not), "address:<client address>" or "everyone". Success clears an
-- account's row; the others age out with their window.
CREATE TABLE login_limits (
  key TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  window_start TEXT NOT NULL,
  last_failure TEXT NOT NULL
);
