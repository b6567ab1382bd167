-- A schema every engine accepts as written, for tests that run the same
-- suite on SQLite, PostgreSQL and MariaDB.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL
);
INSERT INTO items(id, name) VALUES (1, 'seed-1'), (2, 'seed-2');
