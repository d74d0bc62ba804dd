-- SO-DB-001 is shipped and on its way; SO-DB-002 is delivered. Deliver SO-DB-001 with:
--   UPDATE shipments SET delivered_at = now() WHERE shipment_no = 'SH-DB-001';
INSERT INTO shipments (shipment_no, order_no, line_no, quantity, carrier, tracking_no, shipped_at, eta, delivered_at) VALUES
    ('SH-DB-001', 'SO-DB-001', 1, 10, 'SF Express', 'SF1234567890', TIMESTAMPTZ '2026-10-18 09:30:00+08', TIMESTAMPTZ '2026-10-21 18:00:00+08', NULL),
    ('SH-DB-002', 'SO-DB-002', 1, 100, 'ZTO', 'ZTO9876543210', TIMESTAMPTZ '2026-10-20 14:00:00+08', TIMESTAMPTZ '2026-10-23 18:00:00+08', TIMESTAMPTZ '2026-10-22 11:15:00+08');
