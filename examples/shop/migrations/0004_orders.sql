-- Orders, and the two things that price them: tax per destination country and
-- coupons.

CREATE TABLE tax_rates (
    country  TEXT    PRIMARY KEY CHECK (length(country) = 2 AND country = upper(country)),
    -- Basis points: 1900 is 19 %. Integers again, so that tax is exact.
    rate_bp  INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000)
) WITHOUT ROWID;

CREATE TABLE coupons (
    code         TEXT    PRIMARY KEY CHECK (code = upper(code)),
    percent_off  INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 90),
    valid_from   TEXT    NOT NULL,
    valid_until  TEXT    NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK (valid_from <= valid_until)
) WITHOUT ROWID;

CREATE TABLE orders (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
    shipping_address_id  INTEGER NOT NULL REFERENCES addresses(id) ON DELETE RESTRICT,
    status               TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    coupon_code          TEXT    REFERENCES coupons(code) ON DELETE SET NULL,
    -- Discount and tax rate are copied at checkout: a later change to the
    -- coupon or to the tax table must not change what the customer owes, and
    -- refunds must be priced the way the order was.
    discount_percent     INTEGER NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 90),
    tax_rate_bp          INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    subtotal_cents       INTEGER NOT NULL DEFAULT 0 CHECK (subtotal_cents >= 0),
    discount_cents       INTEGER NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    tax_cents            INTEGER NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
    total_cents          INTEGER NOT NULL DEFAULT 0,
    placed_at            TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (discount_cents <= subtotal_cents),
    CHECK (total_cents = subtotal_cents - discount_cents + tax_cents)
);

CREATE INDEX orders_by_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_by_status ON orders(status);

CREATE TABLE order_lines (
    id                INTEGER PRIMARY KEY,
    order_id          INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    -- The warehouse that holds the reservation and will ship the line.
    warehouse_id      INTEGER NOT NULL REFERENCES warehouses(id) ON DELETE RESTRICT,
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    UNIQUE (order_id, product_id)
);

CREATE INDEX order_lines_by_product ON order_lines(product_id);

-- Delivered and cancelled orders are closed for good; the application checks
-- this too, the trigger keeps hand-made fixes honest.
CREATE TRIGGER orders_closed_status
BEFORE UPDATE OF status ON orders
WHEN OLD.status IN ('delivered', 'cancelled') AND NEW.status <> OLD.status
BEGIN
    SELECT RAISE(ABORT, 'order is closed');
END;
