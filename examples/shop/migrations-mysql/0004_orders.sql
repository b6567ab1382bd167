-- Orders, and the two things that price them: tax per destination country and
-- coupons.

CREATE TABLE tax_rates (
    country  CHAR(2) NOT NULL PRIMARY KEY
             CHECK (length(country) = 2 AND country = upper(country)),
    -- Basis points: 1900 is 19 %. Integers again, so that tax is exact.
    rate_bp  INT     NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE coupons (
    code         VARCHAR(32) NOT NULL PRIMARY KEY CHECK (code = upper(code)),
    percent_off  INT         NOT NULL CHECK (percent_off BETWEEN 1 AND 90),
    valid_from   DATE        NOT NULL,
    valid_until  DATE        NOT NULL,
    active       BOOLEAN     NOT NULL DEFAULT TRUE,
    CHECK (valid_from <= valid_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE orders (
    id                   BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id          BIGINT      NOT NULL,
    shipping_address_id  BIGINT      NOT NULL,
    status               VARCHAR(16) NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    coupon_code          VARCHAR(32),
    -- Discount and tax rate are copied at checkout: a later change to the
    -- coupon or to the tax table must not change what the customer owes, and
    -- refunds must be priced the way the order was.
    discount_percent     INT         NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 90),
    tax_rate_bp          INT         NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    subtotal_cents       BIGINT      NOT NULL DEFAULT 0 CHECK (subtotal_cents >= 0),
    discount_cents       BIGINT      NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    tax_cents            BIGINT      NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
    total_cents          BIGINT      NOT NULL DEFAULT 0,
    placed_at            TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (discount_cents <= subtotal_cents),
    CHECK (total_cents = subtotal_cents - discount_cents + tax_cents),
    KEY orders_by_customer (customer_id, placed_at),
    KEY orders_by_status (status),
    FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE RESTRICT,
    FOREIGN KEY (shipping_address_id) REFERENCES addresses(id) ON DELETE RESTRICT,
    FOREIGN KEY (coupon_code) REFERENCES coupons(code) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE order_lines (
    id                BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id          BIGINT NOT NULL,
    product_id        BIGINT NOT NULL,
    -- The warehouse that holds the reservation and will ship the line.
    warehouse_id      BIGINT NOT NULL,
    quantity          INT    NOT NULL CHECK (quantity > 0),
    unit_price_cents  BIGINT NOT NULL CHECK (unit_price_cents >= 0),
    UNIQUE (order_id, product_id),
    KEY order_lines_by_product (product_id),
    FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
    FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT,
    FOREIGN KEY (warehouse_id) REFERENCES warehouses(id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Delivered and cancelled orders are closed for good; the application checks
-- this too, the trigger keeps hand-made fixes honest. The SQLSTATE is class
-- 23 (integrity constraint violation), as on PostgreSQL, and as SQLite's
-- RAISE(ABORT) in a trigger is SQLITE_CONSTRAINT_TRIGGER: the module reports
-- all three as ConstraintViolation. (The error number is SIGNAL's 1644.)
DELIMITER //
CREATE TRIGGER orders_closed_status
BEFORE UPDATE ON orders
FOR EACH ROW
BEGIN
    IF OLD.status IN ('delivered', 'cancelled') AND NEW.status <> OLD.status THEN
        SIGNAL SQLSTATE '23000' SET MESSAGE_TEXT = 'order is closed';
    END IF;
END//
DELIMITER ;
