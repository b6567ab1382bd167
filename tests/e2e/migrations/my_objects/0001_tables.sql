-- Every kind of object the MySQL copy must carry over. The copy makes tables
-- in name order, so a_orders comes before the z_customers it references.
CREATE TABLE z_customers (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  UNIQUE KEY z_customers_name (name)
) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COMMENT='customers; ids start at 1000';

CREATE TABLE a_orders (
  id INT AUTO_INCREMENT PRIMARY KEY,
  customer_id INT NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(10, 2) NOT NULL,
  total DECIMAL(12, 2) AS (quantity * unit_price) STORED,
  note_length INT AS (CHAR_LENGTH(note)) VIRTUAL,
  note VARCHAR(200) NULL,
  payload VARBINARY(16) NULL,
  label VARCHAR(50) CHARACTER SET utf8mb4 NULL,
  KEY a_orders_by_note (note),
  CONSTRAINT a_orders_quantity CHECK (quantity > 0),
  CONSTRAINT a_orders_customer FOREIGN KEY (customer_id) REFERENCES z_customers (id)
) ENGINE=InnoDB;

CREATE TABLE audit_log (
  id INT AUTO_INCREMENT PRIMARY KEY,
  message VARCHAR(200) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE measurements (
  taken_on DATE NOT NULL,
  value INT NOT NULL,
  PRIMARY KEY (taken_on, value)
) ENGINE=InnoDB
PARTITION BY RANGE (YEAR(taken_on)) (
  PARTITION p2023 VALUES LESS THAN (2024),
  PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);
