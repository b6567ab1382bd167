-- Seed stock: 3 warehouses; every product is kept in exactly two of them
-- (product n is missing from warehouse w when (n + w) % 3 = 0). The same rows
-- as migrations/0008_seed_inventory.sql.

INSERT INTO warehouses (id, code, city, country) VALUES
    (1, 'BER', 'Berlin', 'DE'),
    (2, 'NWK', 'Newark', 'US'),
    (3, 'OSL', 'Oslo',   'NO');

INSERT INTO stock_levels (product_id, warehouse_id, on_hand, reserved, reorder_level)
SELECT p.id, w.id, (p.id * 7 + w.id * 13) % 40, 0, 5
FROM products p
CROSS JOIN warehouses w
WHERE (p.id + w.id) % 3 <> 0
ORDER BY p.id, w.id;
