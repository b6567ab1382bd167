-- Customers and where they want their parcels.

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    -- Stored lower-case by the application; NOCASE guards hand-written rows.
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (email LIKE '%_@_%._%'),
    full_name   TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE addresses (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('shipping', 'billing')),
    line1        TEXT    NOT NULL CHECK (length(trim(line1)) > 0),
    city         TEXT    NOT NULL,
    postcode     TEXT    NOT NULL,
    country      TEXT    NOT NULL CHECK (length(country) = 2 AND country = upper(country))
);

CREATE INDEX addresses_by_customer ON addresses(customer_id, kind);
