-- Ids handed out by the engine, for the tests that check them (MySQL and
-- MariaDB: InnoDB's AUTO_INCREMENT counter, which a rollback does not undo).
CREATE TABLE tickets (
  id INT AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(200) NOT NULL
) ENGINE=InnoDB;
