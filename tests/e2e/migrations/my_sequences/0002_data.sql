-- Values taken while migrating. ticket_numbers' table then says 10100, the
-- first value it has not cached; the template gives 120 next.
INSERT INTO tickets (title) VALUES ('first'), ('second');
DO NEXTVAL(invoice_numbers), NEXTVAL(invoice_numbers), NEXTVAL(invoice_numbers);
DO NEXTVAL(countdown), NEXTVAL(countdown);
-- two_only has given both its values: it has run out.
DO NEXTVAL(two_only), NEXTVAL(two_only);
