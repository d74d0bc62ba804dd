-- An ERP-like database for the database polling adapter (PostgreSQL). Every table has an updated_at the ERP
-- sets on each change (the trigger stands for the ERP's own code), which is the adapter's watermark column.
CREATE TABLE customers (
    customer_code TEXT        NOT NULL PRIMARY KEY,
    name          TEXT        NOT NULL,
    tier          TEXT        NOT NULL DEFAULT 'Standard',
    region        TEXT        NULL,
    email         TEXT        NULL,
    phone         TEXT        NULL,
    language      TEXT        NOT NULL DEFAULT 'zh',
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sales_orders (
    order_no      TEXT          NOT NULL PRIMARY KEY,
    customer_code TEXT          NOT NULL REFERENCES customers (customer_code),
    order_date    DATE          NOT NULL,
    promised_date DATE          NULL,
    status        TEXT          NOT NULL DEFAULT 'Open',   -- Open, OnHold, Cancelled, Closed
    currency      TEXT          NOT NULL DEFAULT 'CNY',
    total_amount  NUMERIC(14,2) NOT NULL,
    updated_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE TABLE sales_order_lines (
    order_no    TEXT          NOT NULL REFERENCES sales_orders (order_no),
    line_no     INTEGER       NOT NULL,
    item_code   TEXT          NOT NULL,
    description TEXT          NULL,
    quantity    NUMERIC(14,3) NOT NULL,
    unit        TEXT          NOT NULL DEFAULT 'PCS',
    unit_price  NUMERIC(14,4) NOT NULL,
    cancelled   BOOLEAN       NOT NULL DEFAULT false,
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (order_no, line_no)
);

CREATE TABLE stock (
    item_code  TEXT          NOT NULL,
    warehouse  TEXT          NOT NULL,
    on_hand    NUMERIC(14,3) NOT NULL,
    reserved   NUMERIC(14,3) NOT NULL DEFAULT 0,
    unit       TEXT          NOT NULL DEFAULT 'PCS',
    updated_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (item_code, warehouse)
);

-- The polling queries read "updated_at >= @watermark ORDER BY updated_at": these indexes serve them.
CREATE INDEX ix_customers_updated ON customers (updated_at);
CREATE INDEX ix_sales_orders_updated ON sales_orders (updated_at);
CREATE INDEX ix_sales_order_lines_updated ON sales_order_lines (updated_at);
CREATE INDEX ix_stock_updated ON stock (updated_at);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER sales_orders_touch BEFORE UPDATE ON sales_orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER sales_order_lines_touch BEFORE UPDATE ON sales_order_lines FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER stock_touch BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
