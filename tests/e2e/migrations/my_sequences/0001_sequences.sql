-- MariaDB sequences in every state a copy must carry over, and a table that
-- numbers its rows from one of them (so the copy must make the sequence
-- before the table).
CREATE SEQUENCE ticket_numbers START WITH 100 INCREMENT BY 10;  -- the default cache of 1000
CREATE SEQUENCE invoice_numbers START WITH 1 NOCACHE;
CREATE SEQUENCE countdown START WITH 10 INCREMENT BY -1 MINVALUE 1 MAXVALUE 10;
CREATE SEQUENCE two_only START WITH 1 MAXVALUE 2 NOCYCLE;
CREATE SEQUENCE untouched START WITH 500;

CREATE TABLE tickets (
  number BIGINT NOT NULL DEFAULT NEXTVAL(ticket_numbers) PRIMARY KEY,
  title VARCHAR(100) NOT NULL
) ENGINE=InnoDB;
