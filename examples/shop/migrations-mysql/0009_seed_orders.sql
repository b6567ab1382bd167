-- Seed order history: 40 orders from customers 1..25, with lines, payments,
-- shipments and three returns. The same rows and sums as
-- migrations/0009_seed_orders.sql:
--
--   orders  1..20  delivered      orders 29..34  paid
--   orders 21..28  shipped        orders 35..38  pending
--   orders 39..40  cancelled (39 was paid and refunded, 40 never paid)
--
-- Every 5th order used the WELCOME10 coupon. Totals, reservations and refunds
-- are derived with the same integer rules as shop::compute_totals, so the
-- seed is exactly what the application would have written. Integer division
-- is DIV: MySQL's "/" gives a DECIMAL with decimals and does not truncate.
-- UPDATE ... FROM is MySQL's multiple-table UPDATE ... JOIN.

INSERT INTO coupons (code, percent_off, valid_from, valid_until, active) VALUES
    ('WELCOME10', 10, '2024-01-01', '2099-12-31', TRUE),
    ('VIP15',     15, '2024-01-01', '2099-12-31', TRUE),
    ('SPRING25',  25, '2024-03-01', '2024-05-31', TRUE),
    ('OLD5',       5, '2023-01-01', '2099-12-31', FALSE),
    ('FUTURE20',  20, '2098-01-01', '2099-12-31', TRUE);

INSERT INTO orders (id, customer_id, shipping_address_id, status, coupon_code,
                    discount_percent, tax_rate_bp, placed_at)
WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < 40)
SELECT seq.k,
       c.id,
       c.id,  -- address n is customer n's first shipping address
       CASE WHEN seq.k <= 20 THEN 'delivered'
            WHEN seq.k <= 28 THEN 'shipped'
            WHEN seq.k <= 34 THEN 'paid'
            WHEN seq.k <= 38 THEN 'pending'
            ELSE 'cancelled' END,
       CASE WHEN seq.k % 5 = 0 THEN 'WELCOME10' END,
       CASE WHEN seq.k % 5 = 0 THEN 10 ELSE 0 END,
       t.rate_bp,
       TIMESTAMP '2024-01-01 10:00:00' + INTERVAL (seq.k * 3) DAY
FROM seq
JOIN customers c ON c.id = ((seq.k - 1) % 25) + 1
JOIN addresses a ON a.id = c.id
JOIN tax_rates t ON t.country = a.country
ORDER BY seq.k;

-- One to three lines per order; each line is served by the first warehouse
-- that keeps the product.
INSERT INTO order_lines (order_id, product_id, warehouse_id, quantity, unit_price_cents)
WITH RECURSIVE
    line_no(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM line_no WHERE j < 3),
    wanted AS (
        SELECT o.id AS order_id, line_no.j,
               ((o.id * 7 + line_no.j * 11) % 120) + 1 AS product_id,
               ((o.id + line_no.j) % 3) + 1 AS quantity
        FROM orders o
        JOIN line_no ON line_no.j <= (o.id % 3) + 1)
SELECT w.order_id, w.product_id,
       CASE WHEN (w.product_id + 1) % 3 <> 0 THEN 1 ELSE 2 END,
       w.quantity, p.price_cents
FROM wanted w JOIN products p ON p.id = w.product_id
ORDER BY w.order_id, w.j;

ALTER TABLE order_lines AUTO_INCREMENT = 1;

-- The totals are computed in a derived table before a row is changed: in a
-- multiple-table UPDATE, MySQL does not promise to carry out the SET
-- assignments in the order they are written.
UPDATE orders
JOIN (
    SELECT d.order_id, d.subtotal, d.discount,
           ((d.subtotal - d.discount) * d.tax_rate_bp + 5000) DIV 10000 AS tax
    FROM (
        SELECT s.order_id, s.subtotal, s.subtotal * o.discount_percent DIV 100 AS discount,
               o.tax_rate_bp
        FROM (SELECT order_id, sum(quantity * unit_price_cents) AS subtotal
              FROM order_lines GROUP BY order_id) s
        JOIN orders o ON o.id = s.order_id) d
) priced ON priced.order_id = orders.id
SET orders.subtotal_cents = priced.subtotal,
    orders.discount_cents = priced.discount,
    orders.tax_cents      = priced.tax,
    orders.total_cents    = priced.subtotal - priced.discount + priced.tax;

-- Open orders hold their stock. The seeded on_hand counted free stock only,
-- so the reserved units come on top of it.
UPDATE stock_levels
JOIN (
    SELECT l.product_id, l.warehouse_id, sum(l.quantity) AS quantity
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.status IN ('pending', 'paid')
    GROUP BY l.product_id, l.warehouse_id
) held ON held.product_id = stock_levels.product_id
      AND held.warehouse_id = stock_levels.warehouse_id
SET stock_levels.reserved = held.quantity,
    stock_levels.on_hand  = stock_levels.on_hand + held.quantity;

-- Payments come from three statements. Each moves the counter back, so that
-- the next one numbers its rows on from max(id) + 1, as a sequence would.
INSERT INTO payments (order_id, kind, method, amount_cents, created_at)
SELECT id, 'capture',
       CASE id % 3 WHEN 0 THEN 'card' WHEN 1 THEN 'bank_transfer' ELSE 'voucher' END,
       total_cents, placed_at + INTERVAL 1 HOUR
FROM orders
WHERE status IN ('paid', 'shipped', 'delivered') OR id = 39
ORDER BY id;

ALTER TABLE payments AUTO_INCREMENT = 1;

-- Refunds go back the way the money came in.
INSERT INTO payments (order_id, kind, method, amount_cents, created_at)
SELECT o.id, 'refund', p.method, o.total_cents, o.placed_at + INTERVAL 2 DAY
FROM orders o JOIN payments p ON p.order_id = o.id AND p.kind = 'capture'
WHERE o.id = 39;

ALTER TABLE payments AUTO_INCREMENT = 1;

INSERT INTO shipments (order_id, carrier, tracking_code, shipped_at, delivered_at)
SELECT id,
       CASE id % 3 WHEN 0 THEN 'DHL' WHEN 1 THEN 'UPS' ELSE 'PostNord' END,
       CONCAT('TRK', LPAD(id * 7919, 6, '0')),
       placed_at + INTERVAL 1 DAY,
       CASE WHEN status = 'delivered' THEN placed_at + INTERVAL 4 DAY END
FROM orders
WHERE status IN ('shipped', 'delivered')
ORDER BY id;

ALTER TABLE shipments AUTO_INCREMENT = 1;

-- Returns against the first line of orders 2, 5 and 8: two were received and
-- refunded (their share of the discount and tax included), one is still open.
INSERT INTO returns (order_line_id, quantity, reason, status, refund_cents,
                     requested_at, received_at)
WITH r AS (
        SELECT 2 AS order_id, 'damaged' AS reason, 'received' AS status
        UNION ALL SELECT 5, 'not_needed', 'received'
        UNION ALL SELECT 8, 'wrong_item', 'requested')
SELECT l.id, 1, r.reason, r.status,
       CASE WHEN r.status = 'received' THEN
           (l.unit_price_cents - l.unit_price_cents * o.discount_percent DIV 100)
           + ((l.unit_price_cents - l.unit_price_cents * o.discount_percent DIV 100)
              * o.tax_rate_bp + 5000) DIV 10000
       END,
       o.placed_at + INTERVAL 10 DAY,
       CASE WHEN r.status = 'received' THEN o.placed_at + INTERVAL 14 DAY END
FROM r
JOIN orders o ON o.id = r.order_id
JOIN order_lines l ON l.id = (SELECT min(id) FROM order_lines WHERE order_id = o.id)
ORDER BY o.id;

ALTER TABLE returns AUTO_INCREMENT = 1;

INSERT INTO payments (order_id, kind, method, amount_cents, created_at)
SELECT l.order_id, 'refund', p.method, r.refund_cents, r.received_at
FROM returns r
JOIN order_lines l ON l.id = r.order_line_id
JOIN payments p ON p.order_id = l.order_id AND p.kind = 'capture'
WHERE r.status = 'received'
ORDER BY r.id;

ALTER TABLE payments AUTO_INCREMENT = 1;
