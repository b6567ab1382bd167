-- Ids handed out by the engine, for the tests that check them (SQLite:
-- AUTOINCREMENT keeps its counter in sqlite_sequence, inside transactions).
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL
);
