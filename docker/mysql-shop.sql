-- Sample source data for the compose deployment: table order_lines of datasource mysql_shop
-- (config/compose-config.json). Runs once, in database shop, when the mysql volume is created.
CREATE TABLE order_lines (
  order_id   bigint NOT NULL,
  line_no    int NOT NULL,
  sku        varchar(40) NOT NULL,
  quantity   int NOT NULL,
  unit_price decimal(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
INSERT INTO order_lines VALUES
  (1001, 1, 'BOOK-001', 1, 35.00),
  (1001, 2, 'PEN-002', 3, 2.50),
  (1002, 1, 'BOOK-007', 2, 18.90);
