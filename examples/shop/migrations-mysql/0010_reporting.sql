-- Views behind shop::Reports, kept in SQL so that the numbers an analyst gets
-- from a console are the numbers the application shows. The same views as
-- migrations/0010_reporting.sql; sums of integers come out as DECIMAL here
-- (of scale 0). GROUP BY names every column it returns, as MySQL's
-- ONLY_FULL_GROUP_BY mode wants.

-- Revenue is recognised once an order is paid; cancelled and pending orders
-- do not count, and units returned and received are taken back out. Amounts
-- are at list price before coupons: the report is about what sells.
CREATE VIEW category_revenue AS
SELECT c.id   AS category_id,
       c.name AS category_name,
       coalesce(sum((l.quantity - coalesce(back.quantity, 0)) * l.unit_price_cents), 0)
              AS revenue_cents,
       coalesce(sum(l.quantity - coalesce(back.quantity, 0)), 0) AS units
FROM categories c
LEFT JOIN products p ON p.category_id = c.id
LEFT JOIN order_lines l ON l.product_id = p.id
     AND l.order_id IN (SELECT id FROM orders WHERE status IN ('paid', 'shipped', 'delivered'))
LEFT JOIN (SELECT order_line_id, sum(quantity) AS quantity
           FROM returns WHERE status = 'received'
           GROUP BY order_line_id) back ON back.order_line_id = l.id
GROUP BY c.id, c.name;

-- Stock that has fallen to its reorder level, discontinued products excluded
-- because nobody will reorder them.
CREATE VIEW low_stock AS
SELECT s.product_id, p.sku, s.warehouse_id, w.code AS warehouse_code,
       s.on_hand - s.reserved AS available, s.reorder_level
FROM stock_levels s
JOIN products p ON p.id = s.product_id
JOIN warehouses w ON w.id = s.warehouse_id
WHERE p.active AND s.on_hand - s.reserved <= s.reorder_level;

CREATE INDEX returns_by_status ON returns(status);
