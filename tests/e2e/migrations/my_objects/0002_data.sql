# Rows, and a gap in the ids: AUTO_INCREMENT must carry on after 1002, not
# after the highest id left.
INSERT INTO z_customers (name) VALUES ('ada'), ('grace'), ('edsger');
DELETE FROM z_customers WHERE name = 'edsger';
INSERT INTO a_orders (customer_id, quantity, unit_price, note, payload, label) VALUES
  (1000, 2, 9.50, 'first; with a semicolon', NULL, NULL),
  (1001, 1, 100.00, NULL, NULL, NULL),
  -- Text and bytes that must come over unchanged (note has the database's
  -- default character set, the application database's: utf8mb4 on the test
  -- server). Not in big_order_totals.
  (1000, 1, 3.00, 'café \\ ''naïve'' "x"', X'00FF275C0A', 'zażółć 🎉');
INSERT INTO measurements VALUES ('2023-05-01', 1), ('2024-02-03', 2), ('2030-01-01', 3);
