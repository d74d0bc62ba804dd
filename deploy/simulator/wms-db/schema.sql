-- A WMS-like database for the database polling adapter (PostgreSQL): shipments with carrier, tracking number,
-- shipped, ETA and delivered times. A rising version (a sequence bumped on every change) is the watermark.
CREATE SEQUENCE shipment_versions;

CREATE TABLE shipments (
    shipment_no  TEXT          NOT NULL PRIMARY KEY,
    order_no     TEXT          NOT NULL,
    line_no      INTEGER       NOT NULL,
    quantity     NUMERIC(14,3) NOT NULL,
    carrier      TEXT          NULL,
    tracking_no  TEXT          NULL,
    shipped_at   TIMESTAMPTZ   NULL,
    eta          TIMESTAMPTZ   NULL,
    delivered_at TIMESTAMPTZ   NULL,
    version      BIGINT        NOT NULL DEFAULT nextval('shipment_versions')
);

CREATE INDEX ix_shipments_version ON shipments (version);

CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := nextval('shipment_versions');
    RETURN NEW;
END $$;

CREATE TRIGGER shipments_bump BEFORE UPDATE ON shipments FOR EACH ROW EXECUTE FUNCTION bump_version();
