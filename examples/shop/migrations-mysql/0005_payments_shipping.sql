-- Money in and out, parcels out and back.

CREATE TABLE payments (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id      BIGINT      NOT NULL,
    kind          VARCHAR(16) NOT NULL CHECK (kind IN ('capture', 'refund')),
    method        VARCHAR(16) NOT NULL CHECK (method IN ('card', 'bank_transfer', 'voucher')),
    -- Always positive; kind says which way the money went.
    amount_cents  BIGINT      NOT NULL CHECK (amount_cents > 0),
    created_at    TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY payments_by_order (order_id, kind),
    FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE shipments (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- One parcel per order: the shop does not split deliveries.
    order_id       BIGINT      NOT NULL UNIQUE,
    carrier        VARCHAR(16) NOT NULL CHECK (carrier IN ('DHL', 'UPS', 'PostNord')),
    tracking_code  VARCHAR(64) NOT NULL UNIQUE,
    shipped_at     TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    delivered_at   TIMESTAMP   NULL,
    CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
    FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE returns (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_line_id  BIGINT      NOT NULL,
    quantity       INT         NOT NULL CHECK (quantity > 0),
    reason         VARCHAR(16) NOT NULL
                   CHECK (reason IN ('damaged', 'wrong_item', 'not_needed', 'other')),
    status         VARCHAR(16) NOT NULL DEFAULT 'requested'
                   CHECK (status IN ('requested', 'received', 'rejected')),
    refund_cents   BIGINT      CHECK (refund_cents IS NULL OR refund_cents >= 0),
    requested_at   TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    received_at    TIMESTAMP   NULL,
    CHECK ((status = 'received') = (refund_cents IS NOT NULL)),
    KEY returns_by_line (order_line_id),
    FOREIGN KEY (order_line_id) REFERENCES order_lines(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
