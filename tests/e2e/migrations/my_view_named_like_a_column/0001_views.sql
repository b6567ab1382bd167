-- A valid schema whose views MariaDB makes in any order that respects what
-- they read. per_customer has a column called busy_customers, like the view
-- that reads it: a view's definition names its columns in backticks, as it
-- names what it reads.
CREATE TABLE orders (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL
) ENGINE=InnoDB;

INSERT INTO orders VALUES (1, 10), (2, 10), (3, 20);

CREATE VIEW per_customer AS
  SELECT customer_id, COUNT(*) > 1 AS busy_customers FROM orders GROUP BY customer_id;

CREATE VIEW busy_customers AS
  SELECT customer_id FROM per_customer WHERE busy_customers;
