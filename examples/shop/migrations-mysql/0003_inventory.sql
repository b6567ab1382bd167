-- Stock per product and warehouse.
--
-- on_hand is what is physically on the shelf; reserved is the part of it that
-- open orders have claimed. What can still be sold is on_hand - reserved.
-- The counts are signed INT with CHECKs, not UNSIGNED: a negative value is
-- then a constraint violation, as on the other engines, rather than an
-- out-of-range error.

CREATE TABLE warehouses (
    id       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code     CHAR(3)      NOT NULL UNIQUE CHECK (length(code) = 3 AND code = upper(code)),
    city     VARCHAR(100) NOT NULL,
    country  CHAR(2)      NOT NULL CHECK (length(country) = 2 AND country = upper(country))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE stock_levels (
    product_id     BIGINT NOT NULL,
    warehouse_id   BIGINT NOT NULL,
    on_hand        INT    NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved       INT    NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    reorder_level  INT    NOT NULL DEFAULT 5 CHECK (reorder_level >= 0),
    -- The last line of defence against overselling: even a buggy caller
    -- cannot reserve stock that is not there.
    CHECK (reserved <= on_hand),
    PRIMARY KEY (product_id, warehouse_id),
    KEY stock_levels_by_warehouse (warehouse_id),
    FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE,
    FOREIGN KEY (warehouse_id) REFERENCES warehouses(id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE VIEW product_availability AS
SELECT p.id                                AS product_id,
       p.sku                               AS sku,
       coalesce(sum(s.on_hand), 0)         AS on_hand,
       coalesce(sum(s.reserved), 0)        AS reserved,
       coalesce(sum(s.on_hand - s.reserved), 0) AS available
FROM products p
LEFT JOIN stock_levels s ON s.product_id = p.id
GROUP BY p.id, p.sku;
