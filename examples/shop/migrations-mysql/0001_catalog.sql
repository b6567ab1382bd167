-- Catalog: what the shop sells and who supplies it.
--
-- MySQL/MariaDB twin of migrations/0001_catalog.sql and
-- migrations-postgres/0001_catalog.sql: the same tables, columns, constraints
-- and trigger, on InnoDB (the foreign keys and the transactions the tests roll
-- back need it). Written for MariaDB 10.11, which enforces CHECK constraints.
-- What differs, here and in the files after it:
--   - ids are BIGINT AUTO_INCREMENT; rows written with explicit ids move the
--     counter past them by themselves, but an INSERT ... SELECT reserves ids
--     in growing batches and leaves the counter past the ones it used, so the
--     seed files move it back with ALTER TABLE ... AUTO_INCREMENT = 1 (InnoDB
--     never sets it below max(id) + 1);
--   - text is VARCHAR in utf8mb4_bin, a binary collation: ORDER BY name gives
--     SQLite's byte order, and CHECKs such as sku = upper(sku) compare case
--     (under a case-insensitive collation they would always hold);
--   - flags are BOOLEAN (TINYINT(1), 1/0), times TIMESTAMP, dates DATE;
--   - foreign keys are table constraints: MariaDB would honour a column's
--     REFERENCES clause too, but MySQL 8 parses it and ignores it;
--   - triggers are BEGIN ... END blocks, between DELIMITER lines.

CREATE TABLE categories (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(100) NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    -- One level of nesting is all the storefront shows; the schema allows more.
    parent_id  BIGINT,
    -- Not here: CHECK (parent_id IS NULL OR parent_id <> id). MariaDB refuses
    -- a CHECK that reads an AUTO_INCREMENT column (error 1901; MySQL 8: 3818).
    FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE suppliers (
    id       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name     VARCHAR(100) NOT NULL UNIQUE,
    email    VARCHAR(254) NOT NULL CHECK (email LIKE '%_@_%'),
    country  CHAR(2)      NOT NULL CHECK (length(country) = 2 AND country = upper(country))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE products (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sku          VARCHAR(32)  NOT NULL UNIQUE
                 CHECK (sku = upper(sku) AND length(sku) BETWEEN 3 AND 32),
    name         VARCHAR(200) NOT NULL CHECK (length(trim(name)) > 0),
    category_id  BIGINT       NOT NULL,
    supplier_id  BIGINT       NOT NULL,
    -- Money is always integer cents: no rounding surprises in sums.
    price_cents  BIGINT       NOT NULL CHECK (price_cents >= 0),
    active       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY products_by_category (category_id, active, name),
    KEY products_by_supplier (supplier_id),
    FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE RESTRICT,
    FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE price_history (
    id               BIGINT    NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id       BIGINT    NOT NULL,
    old_price_cents  BIGINT    NOT NULL CHECK (old_price_cents >= 0),
    new_price_cents  BIGINT    NOT NULL CHECK (new_price_cents >= 0),
    changed_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (old_price_cents <> new_price_cents),
    KEY price_history_by_product (product_id, id),
    FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The history is kept by the database, not by the application, so that price
-- fixes made by hand in a SQL console are audited too. MySQL triggers fire
-- on every UPDATE (there is no UPDATE OF column), hence the IF.
DELIMITER //
CREATE TRIGGER products_price_history
AFTER UPDATE ON products
FOR EACH ROW
BEGIN
    IF OLD.price_cents <> NEW.price_cents THEN
        INSERT INTO price_history (product_id, old_price_cents, new_price_cents)
        VALUES (NEW.id, OLD.price_cents, NEW.price_cents);
    END IF;
END//
DELIMITER ;
