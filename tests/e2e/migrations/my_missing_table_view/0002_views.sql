-- MariaDB accepts this view, and keeps it when its table is dropped: the
-- template is valid to migrate into, but the view can no longer be made.
CREATE VIEW priced_products AS
  SELECT p.id, p.name, pr.amount FROM products p JOIN prices pr ON pr.product_id = p.id;
DROP TABLE prices;
