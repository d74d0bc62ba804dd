namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The schema, as numbered steps applied in order at start-up. Plain SQL that SQLite and PostgreSQL both run:
/// text ids made by the hub instead of identity columns, times as Unix microseconds in BIGINT.
/// Never edit a released step; add one.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "entities, dead letters, portal tokens", """
            CREATE TABLE entities (
                kind          TEXT   NOT NULL,
                entity_key    TEXT   NOT NULL,
                customer_code TEXT   NULL,
                order_no      TEXT   NULL,
                sort_at       BIGINT NULL,
                source        TEXT   NOT NULL,
                source_ts     BIGINT NOT NULL,
                source_ref    TEXT   NULL,
                body          TEXT   NOT NULL,
                stored_at     BIGINT NOT NULL,
                PRIMARY KEY (kind, entity_key)
            );
            CREATE INDEX ix_entities_order_no ON entities (order_no);
            CREATE INDEX ix_entities_customer ON entities (customer_code, kind, sort_at);

            CREATE TABLE dead_letters (
                id          TEXT   NOT NULL PRIMARY KEY,
                source      TEXT   NOT NULL,
                reference   TEXT   NOT NULL,
                payload     TEXT   NOT NULL,
                reason      TEXT   NOT NULL,
                created_at  BIGINT NOT NULL,
                replayed_at BIGINT NULL
            );
            CREATE INDEX ix_dead_letters_source ON dead_letters (source, created_at);

            CREATE TABLE portal_tokens (
                token_id      TEXT   NOT NULL PRIMARY KEY,
                customer_code TEXT   NOT NULL,
                token_hash    TEXT   NOT NULL UNIQUE,
                created_at    BIGINT NOT NULL,
                revoked_at    BIGINT NULL
            );
            CREATE INDEX ix_portal_tokens_customer ON portal_tokens (customer_code);
            """),
        (2, "telemetry history", """
            CREATE TABLE telemetry_readings (
                asset_id  TEXT             NOT NULL,
                metric    TEXT             NOT NULL,
                ts        BIGINT           NOT NULL,
                value     DOUBLE PRECISION NOT NULL,
                unit      TEXT             NULL,
                quality   TEXT             NOT NULL,
                source    TEXT             NOT NULL,
                PRIMARY KEY (asset_id, metric, ts)
            );
            """),
        (3, "lookup indexes only over rows that have the column", """
            DROP INDEX ix_entities_order_no;
            CREATE INDEX ix_entities_order_no ON entities (order_no) WHERE order_no IS NOT NULL;
            DROP INDEX ix_entities_customer;
            CREATE INDEX ix_entities_customer ON entities (customer_code, kind, sort_at) WHERE customer_code IS NOT NULL;
            """),
    ];
}
