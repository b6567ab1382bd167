-- A package with a body, as MariaDB makes them under sql_mode=ORACLE. The
-- migrations share one session: the mode is set back at the end.
SET sql_mode = ORACLE;

DELIMITER $$
CREATE PACKAGE tickets_api AS
  FUNCTION label(n BIGINT) RETURN VARCHAR;
  FUNCTION next_invoice RETURN VARCHAR;
  FUNCTION calls RETURN INT;
END;
$$

CREATE PACKAGE BODY tickets_api AS
  counted INT := 0;
  FUNCTION label(n BIGINT) RETURN VARCHAR AS
  BEGIN
    RETURN 'T-' || n;
  END;
  FUNCTION next_invoice RETURN VARCHAR AS
  BEGIN
    RETURN 'INV-' || NEXTVAL(invoice_numbers);
  END;
  FUNCTION calls RETURN INT AS
  BEGIN
    counted := counted + 1;
    RETURN counted;
  END;
END;
$$
DELIMITER ;

SET sql_mode = DEFAULT;
