-- Seed customers: 50 people in five countries, 71 addresses.
--
-- The same rows as migrations/0007_seed_customers.sql: customer n lives in
-- the country at position (n - 1) % 5 of DE, US, FR, GB, NO; address n is
-- customer n's shipping address. Every third customer adds a billing address
-- and every customer numbered 10k + 1 a second shipping one.

INSERT INTO tax_rates (country, rate_bp) VALUES
    ('DE', 1900),
    ('US',  825),
    ('FR', 2000),
    ('GB', 2000),
    ('NO', 2500),
    ('SE', 2500);

INSERT INTO customers (id, email, full_name, created_at)
WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 50),
    f AS (
        SELECT 0 AS i, 'Ada' AS name
        UNION ALL SELECT 1, 'Boris'  UNION ALL SELECT 2, 'Chloe'
        UNION ALL SELECT 3, 'Dmitri' UNION ALL SELECT 4, 'Elin'
        UNION ALL SELECT 5, 'Farid'  UNION ALL SELECT 6, 'Greta'
        UNION ALL SELECT 7, 'Hugo'   UNION ALL SELECT 8, 'Ines'
        UNION ALL SELECT 9, 'Jonas'),
    l AS (
        SELECT 0 AS i, 'Andersen' AS name
        UNION ALL SELECT 1, 'Bauer'   UNION ALL SELECT 2, 'Costa'
        UNION ALL SELECT 3, 'Dubois'  UNION ALL SELECT 4, 'Evans'
        UNION ALL SELECT 5, 'Fischer' UNION ALL SELECT 6, 'Garcia'
        UNION ALL SELECT 7, 'Hansen'  UNION ALL SELECT 8, 'Ivanova'
        UNION ALL SELECT 9, 'Jones')
SELECT seq.n,
       CONCAT(lower(f.name), '.', lower(l.name), seq.n, '@example.com'),
       CONCAT(f.name, ' ', l.name),
       TIMESTAMP '2023-09-01 00:00:00' + INTERVAL seq.n DAY
FROM seq
JOIN f ON f.i = (seq.n - 1) % 10
JOIN l ON l.i = ((seq.n - 1) * 3 + (seq.n - 1) DIV 10) % 10
ORDER BY seq.n;

-- Addresses take their ids from the counter, in this order.
INSERT INTO addresses (customer_id, kind, line1, city, postcode, country)
WITH
    places AS (
        SELECT 0 AS i, 'Berlin' AS city, '10115' AS postcode, 'DE' AS country
        UNION ALL SELECT 1, 'New York', '10001',   'US'
        UNION ALL SELECT 2, 'Lyon',     '69001',   'FR'
        UNION ALL SELECT 3, 'Leeds',    'LS1 4AP', 'GB'
        UNION ALL SELECT 4, 'Bergen',   '5003',    'NO'),
    homes AS (
        SELECT c.id AS customer_id, p.city, p.postcode, p.country
        FROM customers c JOIN places p ON p.i = (c.id - 1) % 5)
SELECT customer_id, kind, line1, city, postcode, country
FROM (
    SELECT 1 AS pass, customer_id, 'shipping' AS kind,
           CONCAT(customer_id, ' Market Street') AS line1, city, postcode, country
    FROM homes
    UNION ALL
    SELECT 2, customer_id, 'billing',
           CONCAT('PO Box ', 100 + customer_id), city, postcode, country
    FROM homes WHERE customer_id % 3 = 0
    UNION ALL
    SELECT 3, customer_id, 'shipping',
           CONCAT(customer_id, ' Harbour Road'), city, postcode, country
    FROM homes WHERE customer_id % 10 = 1) AS all_addresses
ORDER BY pass, customer_id;

-- The next address is 72 (see 0006 on INSERT ... SELECT and the counter).
ALTER TABLE addresses AUTO_INCREMENT = 1;
