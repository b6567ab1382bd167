-- Seed catalog: 8 categories, 6 suppliers, 120 products, 12 price changes.
--
-- The same rows as migrations/0006_seed_catalog.sql: product n sits in
-- category ((n - 1) % 8) + 1, so every category holds 15 of them, and every
-- 20th product is discontinued. The tests rely on these rules, not on single
-- rows. Seeded times are UTC, as SQLite's datetime() gives them: TIMESTAMP
-- literals are read in the session's time zone, so the session is put in UTC
-- first (it lasts for the rest of the migrations, which run on one session).
-- Row sources are recursive CTEs and UNION ALL lists where PostgreSQL has
-- generate_series() and VALUES lists, CONCAT() stands for || and format(),
-- and DIV for the integer division of PostgreSQL's and SQLite's "/".

SET time_zone = '+00:00';

INSERT INTO categories (id, name, parent_id) VALUES
    (1, 'Electronics',    NULL),
    (2, 'Home & Kitchen', NULL),
    (3, 'Books',          NULL),
    (4, 'Outdoor',        NULL),
    (5, 'Audio',          1),
    (6, 'Computers',      1),
    (7, 'Cookware',       2),
    (8, 'Camping',        4);

INSERT INTO suppliers (id, name, email, country) VALUES
    (1, 'Northwind Traders', 'orders@northwind.example',    'US'),
    (2, 'Acme Components',   'sales@acme.example',          'DE'),
    (3, 'Blue Ridge Books',  'trade@blueridge.example',     'US'),
    (4, 'Fjord Outdoor',     'post@fjord.example',          'NO'),
    (5, 'Kitchen Works',     'contact@kitchenworks.example','FR'),
    (6, 'Sonic Supply',      'hello@sonic.example',         'GB');

INSERT INTO products (id, sku, name, category_id, supplier_id, price_cents, active, created_at)
WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 120),
    kinds AS (
        SELECT 1 AS category_id, 'ELE' AS prefix, 'Charger' AS noun, 2 AS supplier_id
        UNION ALL SELECT 2, 'HOM', 'Lamp',         5
        UNION ALL SELECT 3, 'BOO', 'Cookbook',     3
        UNION ALL SELECT 4, 'OUT', 'Backpack',     4
        UNION ALL SELECT 5, 'AUD', 'Headphones',   6
        UNION ALL SELECT 6, 'PCS', 'Laptop Stand', 2
        UNION ALL SELECT 7, 'COO', 'Skillet',      5
        UNION ALL SELECT 8, 'CAM', 'Tent',         4),
    styles AS (
        SELECT 0 AS i, 'Classic' AS style
        UNION ALL SELECT 1, 'Compact'
        UNION ALL SELECT 2, 'Pro'
        UNION ALL SELECT 3, 'Eco'
        UNION ALL SELECT 4, 'Deluxe')
SELECT seq.n,
       CONCAT(kinds.prefix, '-', LPAD(seq.n, 4, '0')),
       CONCAT(styles.style, ' ', kinds.noun, ' ', seq.n),
       kinds.category_id,
       -- Northwind is the generalist: it supplies every 7th product.
       CASE WHEN seq.n % 7 = 0 THEN 1 ELSE kinds.supplier_id END,
       299 + ((seq.n * 37) % 97) * 105,
       seq.n % 20 <> 0,
       TIMESTAMP '2023-06-01 00:00:00' + INTERVAL seq.n HOUR
FROM seq
JOIN kinds ON kinds.category_id = ((seq.n - 1) % 8) + 1
JOIN styles ON styles.i = (seq.n DIV 8) % 5
ORDER BY seq.n;

-- The spring sale: the first dozen products were cut by 2 euros. Written
-- directly (not through the trigger) to keep the historical dates.
INSERT INTO price_history (product_id, old_price_cents, new_price_cents, changed_at)
SELECT id, price_cents + 200, price_cents, TIMESTAMP '2024-03-01 09:00:00'
FROM products
WHERE id <= 12
ORDER BY id;

-- Categories, suppliers and products were written with explicit ids, which
-- moved their counters to max(id) + 1: the next category is 9, the next
-- product 121. price_history took ids 1..12 from its counter in one
-- INSERT ... SELECT, which may have reserved more: the next change is 13.
ALTER TABLE price_history AUTO_INCREMENT = 1;
