-- The PostgreSQL schema the end-to-end suites share.
CREATE TABLE items (
  id serial PRIMARY KEY,
  name text NOT NULL,
  owner text
);
INSERT INTO items(name) VALUES ('seed-1'), ('seed-2');
