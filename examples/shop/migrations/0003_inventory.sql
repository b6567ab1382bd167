-- Stock per product and warehouse.
--
-- on_hand is what is physically on the shelf; reserved is the part of it that
-- open orders have claimed. What can still be sold is on_hand - reserved.

CREATE TABLE warehouses (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE CHECK (length(code) = 3 AND code = upper(code)),
    city     TEXT NOT NULL,
    country  TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country))
);

CREATE TABLE stock_levels (
    product_id     INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    warehouse_id   INTEGER NOT NULL REFERENCES warehouses(id) ON DELETE RESTRICT,
    on_hand        INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved       INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    reorder_level  INTEGER NOT NULL DEFAULT 5 CHECK (reorder_level >= 0),
    -- The last line of defence against overselling: even a buggy caller
    -- cannot reserve stock that is not there.
    CHECK (reserved <= on_hand),
    PRIMARY KEY (product_id, warehouse_id)
) WITHOUT ROWID;

CREATE INDEX stock_levels_by_warehouse ON stock_levels(warehouse_id);

CREATE VIEW product_availability AS
SELECT p.id                                AS product_id,
       p.sku                               AS sku,
       coalesce(sum(s.on_hand), 0)         AS on_hand,
       coalesce(sum(s.reserved), 0)        AS reserved,
       coalesce(sum(s.on_hand - s.reserved), 0) AS available
FROM products p
LEFT JOIN stock_levels s ON s.product_id = p.id
GROUP BY p.id;
