-- The schema the end-to-end suites share.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  owner TEXT
);
INSERT INTO items(name) VALUES ('seed-1'), ('seed-2');
