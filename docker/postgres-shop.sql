-- Sample source data for the compose deployment: table customers of datasource postgres_shop
-- (config/compose-config.json). Runs once, when the postgres volume is created.
CREATE TABLE public.customers (
  id         integer PRIMARY KEY,
  name       text NOT NULL,
  email      varchar(200),
  balance    numeric(12,2) NOT NULL DEFAULT 0,
  vip        boolean NOT NULL DEFAULT false,
  updated_at timestamp(6) NOT NULL DEFAULT now()
);
INSERT INTO public.customers (id, name, email, balance, vip) VALUES
  (1, 'Ada Lovelace', 'ada@example.com', 120.50, true),
  (2, 'Alan Turing', 'alan@example.com', 0, false),
  (3, 'Grace Hopper', NULL, 99.99, true),
  (4, 'Edsger Dijkstra', 'ewd@example.com', 10, false),
  (5, 'Barbara Liskov', 'liskov@example.com', 42.00, false);
