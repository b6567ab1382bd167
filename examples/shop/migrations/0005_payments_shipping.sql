-- Money in and out, parcels out and back.

CREATE TABLE payments (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('capture', 'refund')),
    method        TEXT    NOT NULL CHECK (method IN ('card', 'bank_transfer', 'voucher')),
    -- Always positive; kind says which way the money went.
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX payments_by_order ON payments(order_id, kind);

CREATE TABLE shipments (
    id             INTEGER PRIMARY KEY,
    -- One parcel per order: the shop does not split deliveries.
    order_id       INTEGER NOT NULL UNIQUE REFERENCES orders(id) ON DELETE CASCADE,
    carrier        TEXT    NOT NULL CHECK (carrier IN ('DHL', 'UPS', 'PostNord')),
    tracking_code  TEXT    NOT NULL UNIQUE,
    shipped_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    delivered_at   TEXT,
    CHECK (delivered_at IS NULL OR delivered_at >= shipped_at)
);

CREATE TABLE returns (
    id             INTEGER PRIMARY KEY,
    order_line_id  INTEGER NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    reason         TEXT    NOT NULL CHECK (reason IN ('damaged', 'wrong_item', 'not_needed', 'other')),
    status         TEXT    NOT NULL DEFAULT 'requested'
                   CHECK (status IN ('requested', 'received', 'rejected')),
    refund_cents   INTEGER CHECK (refund_cents IS NULL OR refund_cents >= 0),
    requested_at   TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    received_at    TEXT,
    CHECK ((status = 'received') = (refund_cents IS NOT NULL))
);

CREATE INDEX returns_by_line ON returns(order_line_id);
