-- Version 10 runs after version 2: the order is numeric, not by file name.
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO counters VALUES ('applied_after_events', (SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'));
