-- A migration with an SQL error on line 4.
CREATE TABLE also_fine (id INTEGER);

CREATE TABLE broken (id INTEGER PRIMARY KEY,, name TEXT);
