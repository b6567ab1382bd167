/* Views on views, a function used by a view, a trigger, a procedure and an
   event, written the way the mysql client reads them. */
CREATE FUNCTION with_tax(amount DECIMAL(12, 2)) RETURNS DECIMAL(12, 2) DETERMINISTIC
  RETURN amount * 1.25;

CREATE VIEW order_totals AS
  SELECT o.id, c.name, o.total FROM a_orders o JOIN z_customers c ON c.id = o.customer_id;

-- A view on the view above (and on the function).
CREATE VIEW big_order_totals AS
  SELECT id, name, with_tax(total) AS gross FROM order_totals WHERE total > 10;

DELIMITER $$
CREATE TRIGGER a_orders_audit AFTER INSERT ON a_orders FOR EACH ROW
BEGIN
  INSERT INTO audit_log (message) VALUES (CONCAT('order ', NEW.id, '; total ', NEW.total));
END$$

CREATE PROCEDURE add_customer(IN customer_name VARCHAR(100), OUT new_id INT)
BEGIN
  INSERT INTO z_customers (name) VALUES (customer_name);
  SET new_id = LAST_INSERT_ID();
END$$
DELIMITER ;

CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY DISABLE
  DO DELETE FROM audit_log WHERE id < 0;
