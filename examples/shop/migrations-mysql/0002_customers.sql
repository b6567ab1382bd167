-- Customers and where they want their parcels.

CREATE TABLE customers (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- Stored lower-case by the application. The column alone is
    -- case-insensitive (utf8mb4_general_ci), so its unique key guards
    -- hand-written rows, as COLLATE NOCASE does on SQLite and the unique index
    -- on lower(email) on PostgreSQL.
    email       VARCHAR(254) COLLATE utf8mb4_general_ci NOT NULL
                CHECK (email LIKE '%_@_%._%'),
    full_name   VARCHAR(200) NOT NULL CHECK (length(trim(full_name)) > 0),
    created_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY customers_email_unique (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE addresses (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id  BIGINT       NOT NULL,
    kind         VARCHAR(16)  NOT NULL CHECK (kind IN ('shipping', 'billing')),
    line1        VARCHAR(200) NOT NULL CHECK (length(trim(line1)) > 0),
    city         VARCHAR(100) NOT NULL,
    postcode     VARCHAR(16)  NOT NULL,
    country      CHAR(2)      NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    KEY addresses_by_customer (customer_id, kind),
    FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
