-- Seed catalog: 8 categories, 6 suppliers, 120 products, 12 price changes.
--
-- Products are generated, not listed: product n sits in category
-- ((n - 1) % 8) + 1, so every category holds 15 of them, and every 20th
-- product is discontinued. The tests rely on these rules, not on single rows.

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

WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 120),
    kinds(category_id, prefix, noun, supplier_id) AS (VALUES
        (1, 'ELE', 'Charger',      2),
        (2, 'HOM', 'Lamp',         5),
        (3, 'BOO', 'Cookbook',     3),
        (4, 'OUT', 'Backpack',     4),
        (5, 'AUD', 'Headphones',   6),
        (6, 'PCS', 'Laptop Stand', 2),
        (7, 'COO', 'Skillet',      5),
        (8, 'CAM', 'Tent',         4)),
    styles(i, style) AS (VALUES
        (0, 'Classic'), (1, 'Compact'), (2, 'Pro'), (3, 'Eco'), (4, 'Deluxe'))
INSERT INTO products (id, sku, name, category_id, supplier_id, price_cents, active, created_at)
SELECT seq.n,
       printf('%s-%04d', kinds.prefix, seq.n),
       printf('%s %s %d', styles.style, kinds.noun, seq.n),
       kinds.category_id,
       -- Northwind is the generalist: it supplies every 7th product.
       CASE WHEN seq.n % 7 = 0 THEN 1 ELSE kinds.supplier_id END,
       299 + ((seq.n * 37) % 97) * 105,
       CASE WHEN seq.n % 20 = 0 THEN 0 ELSE 1 END,
       datetime('2023-06-01', printf('+%d hours', seq.n))
FROM seq
JOIN kinds ON kinds.category_id = ((seq.n - 1) % 8) + 1
JOIN styles ON styles.i = (seq.n / 8) % 5
ORDER BY seq.n;

-- The spring sale: the first dozen products were cut by 2 euros. Written
-- directly (not through the trigger) to keep the historical dates.
INSERT INTO price_history (product_id, old_price_cents, new_price_cents, changed_at)
SELECT id, price_cents + 200, price_cents, '2024-03-01 09:00:00'
FROM products
WHERE id <= 12
ORDER BY id;
