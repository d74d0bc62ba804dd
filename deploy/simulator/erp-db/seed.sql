-- A few customers, orders, lines and stock levels; the ids match the WMS seed's shipments.
INSERT INTO customers (customer_code, name, tier, region, email, phone) VALUES
    ('C-DB-001', '苏州精工机械有限公司', 'Gold', 'East', 'buyer@jinggong.example', '+86 512 6555 0101'),
    ('C-DB-002', 'Ningbo Harbour Pumps Co., Ltd.', 'Standard', 'East', 'purchasing@nbpumps.example', '+86 574 8777 0202');

INSERT INTO sales_orders (order_no, customer_code, order_date, promised_date, status, total_amount) VALUES
    ('SO-DB-001', 'C-DB-001', DATE '2026-10-01', DATE '2026-10-20', 'Open', 1865.00),
    ('SO-DB-002', 'C-DB-002', DATE '2026-10-03', DATE '2026-10-25', 'Open', 2340.00);

INSERT INTO sales_order_lines (order_no, line_no, item_code, description, quantity, unit_price) VALUES
    ('SO-DB-001', 1, 'FL-200-304', 'Flange DN200 304', 10, 186.50),
    ('SO-DB-002', 1, 'BR-L90', 'Bracket L90', 100, 23.40);

INSERT INTO stock (item_code, warehouse, on_hand, reserved) VALUES
    ('FL-200-304', 'WH-SZ', 120, 10),
    ('BR-L90', 'WH-NB', 800, 100);
