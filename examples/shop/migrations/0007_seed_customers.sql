-- Seed customers: 50 people in five countries, 71 addresses.
--
-- Customer n lives in the country at position (n - 1) % 5 of DE, US, FR, GB,
-- NO; address n is customer n's shipping address. Every third customer adds a
-- billing address and every customer numbered 10k + 1 a second shipping one.

INSERT INTO tax_rates (country, rate_bp) VALUES
    ('DE', 1900),
    ('US',  825),
    ('FR', 2000),
    ('GB', 2000),
    ('NO', 2500),
    ('SE', 2500);

WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 50),
    first_names(i, name) AS (VALUES
        (0, 'Ada'), (1, 'Boris'), (2, 'Chloe'), (3, 'Dmitri'), (4, 'Elin'),
        (5, 'Farid'), (6, 'Greta'), (7, 'Hugo'), (8, 'Ines'), (9, 'Jonas')),
    last_names(i, name) AS (VALUES
        (0, 'Andersen'), (1, 'Bauer'), (2, 'Costa'), (3, 'Dubois'), (4, 'Evans'),
        (5, 'Fischer'), (6, 'Garcia'), (7, 'Hansen'), (8, 'Ivanova'), (9, 'Jones'))
INSERT INTO customers (id, email, full_name, created_at)
SELECT seq.n,
       printf('%s.%s%d@example.com', lower(f.name), lower(l.name), seq.n),
       f.name || ' ' || l.name,
       datetime('2023-09-01', printf('+%d days', seq.n))
FROM seq
JOIN first_names f ON f.i = (seq.n - 1) % 10
JOIN last_names  l ON l.i = ((seq.n - 1) * 3 + (seq.n - 1) / 10) % 10
ORDER BY seq.n;

WITH
    places(i, city, postcode, country) AS (VALUES
        (0, 'Berlin',   '10115', 'DE'),
        (1, 'New York', '10001', 'US'),
        (2, 'Lyon',     '69001', 'FR'),
        (3, 'Leeds',    'LS1 4AP', 'GB'),
        (4, 'Bergen',   '5003', 'NO')),
    homes AS (
        SELECT c.id AS customer_id, p.*
        FROM customers c JOIN places p ON p.i = (c.id - 1) % 5)
INSERT INTO addresses (customer_id, kind, line1, city, postcode, country)
SELECT customer_id, kind, line1, city, postcode, country
FROM (
    SELECT 1 AS pass, customer_id, 'shipping' AS kind,
           printf('%d Market Street', customer_id) AS line1, city, postcode, country
    FROM homes
    UNION ALL
    SELECT 2, customer_id, 'billing',
           printf('PO Box %d', 100 + customer_id), city, postcode, country
    FROM homes WHERE customer_id % 3 = 0
    UNION ALL
    SELECT 3, customer_id, 'shipping',
           printf('%d Harbour Road', customer_id), city, postcode, country
    FROM homes WHERE customer_id % 10 = 1)
ORDER BY pass, customer_id;
