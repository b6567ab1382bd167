-- Catalog: what the shop sells and who supplies it.
--
-- Primary keys are plain INTEGER PRIMARY KEY (rowid aliases), not
-- AUTOINCREMENT: a deleted row's id may be reused, which keeps
-- "delete what I inserted" a true undo (see CommittedWritesTest).

CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    -- One level of nesting is all the storefront shows; the schema allows more.
    parent_id  INTEGER REFERENCES categories(id) ON DELETE RESTRICT,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE suppliers (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    email    TEXT NOT NULL CHECK (email LIKE '%_@_%'),
    country  TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country))
);

CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    sku          TEXT    NOT NULL UNIQUE CHECK (sku = upper(sku) AND length(sku) BETWEEN 3 AND 32),
    name         TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    category_id  INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
    supplier_id  INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE RESTRICT,
    -- Money is always integer cents: no rounding surprises in sums.
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX products_by_category ON products(category_id, active, name);
CREATE INDEX products_by_supplier ON products(supplier_id);

CREATE TABLE price_history (
    id               INTEGER PRIMARY KEY,
    product_id       INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    old_price_cents  INTEGER NOT NULL CHECK (old_price_cents >= 0),
    new_price_cents  INTEGER NOT NULL CHECK (new_price_cents >= 0),
    changed_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (old_price_cents <> new_price_cents)
);

CREATE INDEX price_history_by_product ON price_history(product_id, id);

-- The history is kept by the database, not by the application, so that price
-- fixes made by hand in a SQL console are audited too.
CREATE TRIGGER products_price_history
AFTER UPDATE OF price_cents ON products
WHEN OLD.price_cents <> NEW.price_cents
BEGIN
    INSERT INTO price_history (product_id, old_price_cents, new_price_cents)
    VALUES (NEW.id, OLD.price_cents, NEW.price_cents);
END;
