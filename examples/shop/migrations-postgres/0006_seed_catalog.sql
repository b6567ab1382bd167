-- Seed catalog: 8 categories, 6 suppliers, 120 products, 12 price changes.
--
-- The same rows as migrations/0006_seed_catalog.sql: product n sits in
-- category ((n - 1) % 8) + 1, so every category holds 15 of them, and every
-- 20th product is discontinued. The tests rely on these rules, not on single
-- rows. Seeded times are UTC, as SQLite's datetime() gives them.

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
SELECT seq.n,
       kinds.prefix || '-' || lpad(seq.n::text, 4, '0'),
       format('%s %s %s', styles.style, kinds.noun, seq.n),
       kinds.category_id,
       -- Northwind is the generalist: it supplies every 7th product.
       CASE WHEN seq.n % 7 = 0 THEN 1 ELSE kinds.supplier_id END,
       299 + ((seq.n * 37) % 97) * 105,
       seq.n % 20 <> 0,
       timestamptz '2023-06-01 00:00:00+00' + seq.n * interval '1 hour'
FROM generate_series(1, 120) AS seq(n)
JOIN (VALUES
        (1, 'ELE', 'Charger',      2),
        (2, 'HOM', 'Lamp',         5),
        (3, 'BOO', 'Cookbook',     3),
        (4, 'OUT', 'Backpack',     4),
        (5, 'AUD', 'Headphones',   6),
        (6, 'PCS', 'Laptop Stand', 2),
        (7, 'COO', 'Skillet',      5),
        (8, 'CAM', 'Tent',         4)) AS kinds(category_id, prefix, noun, supplier_id)
     ON kinds.category_id = ((seq.n - 1) % 8) + 1
JOIN (VALUES
        (0, 'Classic'), (1, 'Compact'), (2, 'Pro'), (3, 'Eco'), (4, 'Deluxe'))
        AS styles(i, style)
     ON styles.i = (seq.n / 8) % 5
ORDER BY seq.n;

-- The spring sale: the first dozen products were cut by 2 euros. Written
-- directly (not through the trigger) to keep the historical dates.
INSERT INTO price_history (product_id, old_price_cents, new_price_cents, changed_at)
SELECT id, price_cents + 200, price_cents, timestamptz '2024-03-01 09:00:00+00'
FROM products
WHERE id <= 12
ORDER BY id;

-- Rows written with explicit ids leave their identity sequence behind: the
-- next category is 9, the next product 121.
SELECT setval(pg_get_serial_sequence('categories', 'id'), (SELECT max(id) FROM categories));
SELECT setval(pg_get_serial_sequence('suppliers', 'id'), (SELECT max(id) FROM suppliers));
SELECT setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products));
