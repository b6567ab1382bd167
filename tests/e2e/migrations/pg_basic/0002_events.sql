CREATE TABLE events (id serial PRIMARY KEY, item_id integer REFERENCES items(id), kind text NOT NULL);
CREATE INDEX events_by_item ON events(item_id);
