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
SELECT seq.n,
       format('%s.%s%s@example.com', lower(f.name), lower(l.name), seq.n),
       f.name || ' ' || l.name,
       timestamptz '2023-09-01 00:00:00+00' + seq.n * interval '1 day'
FROM generate_series(1, 50) AS seq(n)
JOIN (VALUES
        (0, 'Ada'), (1, 'Boris'), (2, 'Chloe'), (3, 'Dmitri'), (4, 'Elin'),
        (5, 'Farid'), (6, 'Greta'), (7, 'Hugo'), (8, 'Ines'), (9, 'Jonas'))
        AS f(i, name)
     ON f.i = (seq.n - 1) % 10
JOIN (VALUES
        (0, 'Andersen'), (1, 'Bauer'), (2, 'Costa'), (3, 'Dubois'), (4, 'Evans'),
        (5, 'Fischer'), (6, 'Garcia'), (7, 'Hansen'), (8, 'Ivanova'), (9, 'Jones'))
        AS l(i, name)
     ON l.i = ((seq.n - 1) * 3 + (seq.n - 1) / 10) % 10
ORDER BY seq.n;

SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers));

-- Addresses take their ids from the sequence, in this order.
WITH
    places(i, city, postcode, country) AS (VALUES
        (0, 'Berlin',   '10115', 'DE'),
        (1, 'New York', '10001', 'US'),
        (2, 'Lyon',     '69001', 'FR'),
        (3, 'Leeds',    'LS1 4AP', 'GB'),
        (4, 'Bergen',   '5003', 'NO')),
    homes AS (
        SELECT c.id AS customer_id, p.city, p.postcode, p.country
        FROM customers c JOIN places p ON p.i = (c.id - 1) % 5)
INSERT INTO addresses (customer_id, kind, line1, city, postcode, country)
SELECT customer_id, kind, line1, city, postcode, country
FROM (
    SELECT 1 AS pass, customer_id, 'shipping' AS kind,
           format('%s Market Street', customer_id) AS line1, city, postcode, country
    FROM homes
    UNION ALL
    SELECT 2, customer_id, 'billing',
           format('PO Box %s', 100 + customer_id), city, postcode, country
    FROM homes WHERE customer_id % 3 = 0
    UNION ALL
    SELECT 3, customer_id, 'shipping',
           format('%s Harbour Road', customer_id), city, postcode, country
    FROM homes WHERE customer_id % 10 = 1) AS all_addresses
ORDER BY pass, customer_id;
