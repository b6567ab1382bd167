-- Two statements; the second, on line 5, has a typo.
CREATE TABLE also_fine (id INT) ENGINE=InnoDB;

/* a comment before it */
CREATE TABLE broken (id INT,, name TEXT) ENGINE=InnoDB;
