-- A function made under NO_BACKSLASH_ESCAPES keeps that sql_mode; the view
-- after it is made under the default one, where '\\' is one backslash.
-- The view's copy must be made under the view's sql_mode too, not under
-- whatever the routine before it left behind.
CREATE TABLE files (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL) ENGINE=InnoDB;
INSERT INTO files VALUES (1, 'temp');

SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');
CREATE FUNCTION backslash_code() RETURNS INT DETERMINISTIC RETURN 92;
SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION';

CREATE VIEW windows_paths AS SELECT id, CONCAT('C:\\', name) AS path FROM files;
