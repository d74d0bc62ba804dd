using static IntegrationHub.Hub.Host.Store.Copy.CopyColumnType;

namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// What <c>hub store copy --to postgresql</c> copies (issue 17 item 5): every table of the SQLite schema at
/// <see cref="SqliteVersion"/> into the PostgreSQL schema at <see cref="PostgreSqlVersion"/>, each table's columns
/// named, in dependency order (what a row refers to comes first; the schemas declare no foreign keys, so the order is
/// for a reader, and for a future schema that does).
/// </summary>
/// <remarks>
/// Both ends are checked against this list before a row moves: a SQLite or PostgreSQL table or column that it does not
/// name stops the copy, so that a new migration cannot be forgotten here and lose a column silently. Not copied:
/// <c>schema_migrations</c> (each database records its own steps; the target is migrated first), and SQLite's
/// <c>telemetry_rollup_progress</c>, a rowid mark that PostgreSQL replaces by the queue
/// <c>telemetry_rollup_pending</c>: the readings above the mark go there, so every reading is rolled up once.
/// No table has an identity column or a sequence (ids are text made by the hub; ticket numbers come from the
/// <c>counters</c> table, copied as it is), so there are no sequence values to move past the copied ids.
/// </remarks>
internal static class StoreCopyPlan
{
    /// <summary>The SQLite schema version the plan reads (SchemaMigrations' last step).</summary>
    public const int SqliteVersion = 20;

    /// <summary>
    /// The PostgreSQL schema version the plan writes (PostgreSqlSchema's last step, SQLite's 20). Step 11 (issue 18
    /// item 4) adds only the change-notification triggers: no table or column, so the plan is unchanged by it; the
    /// copy's rows notify like any other write (nobody listens to a target that no hub serves yet).
    /// </summary>
    public const int PostgreSqlVersion = 11;

    /// <summary>The table both databases keep their own migration steps in.</summary>
    public const string MigrationsTable = "schema_migrations";

    /// <summary>SQLite's rollup mark, replaced on PostgreSQL by the rows of <c>telemetry_rollup_pending</c>.</summary>
    public const string SqliteRollupProgressTable = "telemetry_rollup_progress";

    /// <summary>The raw readings' table, partitioned by day on PostgreSQL.</summary>
    public const string ReadingsTable = "telemetry_readings";

    public static IReadOnlyList<CopyTable> Tables { get; } =
    [
        new("entities",
        [
            new("kind", Text), new("entity_key", Text), new("customer_code", Text, true), new("order_no", Text, true),
            new("sort_at", BigInt, true), new("source", Text), new("source_ts", BigInt), new("source_ref", Text, true),
            new("body", Text), new("stored_at", BigInt),
        ], 2),
        new("portal_tokens",
        [
            new("token_id", Text), new("customer_code", Text), new("token_hash", Text), new("created_at", BigInt), new("revoked_at", BigInt, true),
        ], 1),
        new("dead_letters",
        [
            new("id", Text), new("source", Text), new("reference", Text), new("payload", Text), new("reason", Text),
            new("created_at", BigInt), new("replayed_at", BigInt, true), new("content_key", Text, true),
        ], 1),
        new("poll_watermarks", [new("source", Text), new("watermark", Text), new("updated_at", BigInt)], 1),
        new(ReadingsTable, Readings([new("quality", Text), new("source", Text)]), 3),
        new("telemetry_rollup_pending", Readings([]), 3, NotRolledUpReadings: true),
        new("telemetry_rollup_minute", Rollup(), 3),
        new("telemetry_rollup_hour", Rollup(), 3),
        new("rule_inputs", Readings([new("quality", Text), new("queued", BigInt)]), 3),
        new("alarm_rule_states", [new("rule_id", Text), new("asset_id", Text), new("body", Text), new("updated_at", BigInt)], 2),
        new("counters", [new("name", Text), new("value", BigInt)], 1),
        new("tickets",
        [
            new("ticket_no", Text), new("open_key", Text, true), new("asset_id", Text), new("customer_code", Text),
            new("alarm_code", Text), new("priority", Text), new("status", Text), new("assignee", Text, true),
            new("due_at", BigInt, true), new("opened_at", BigInt), new("created_at", BigInt), new("body", Text),
        ], 1),
        new("alarms",
        [
            new("rule_id", Text), new("asset_id", Text), new("raised_at", BigInt), new("code", Text), new("severity", Text),
            new("state", Text), new("text_en", Text, true), new("text_zh", Text, true), new("reason", Text), new("flapping", Integer),
            new("ticket_no", Text, true), new("acknowledged_at", BigInt, true), new("acknowledged_by", Text, true), new("cleared_at", BigInt, true),
        ], 3),
        new("ticket_history",
        [
            new("ticket_no", Text), new("seq", Integer), new("at", BigInt), new("actor", Text), new("action", Text),
            new("detail", Text), new("internal", Integer),
        ], 2),
        new("customer_holds", [new("customer_code", Text), new("ticket_no", Text), new("since", BigInt), new("released_at", BigInt, true)], 2),
        new("outbox",
        [
            new("id", Text), new("event_key", Text), new("channel", Text), new("audience", Text), new("customer_code", Text, true),
            new("subject", Text), new("body", Text), new("recipients", Text), new("status", Text), new("attempts", Integer),
            new("next_attempt_at", BigInt), new("last_error", Text, true), new("created_at", BigInt), new("sent_at", BigInt, true),
            // A claim copied along lapses at its expiry on the target as it would have on the source (issue 18 item 3).
            new("claimed_by", Text, true), new("claim_token", Text, true), new("claim_expires_at", BigInt, true),
        ], 1),
        new("desk_users",
        [
            new("username", Text), new("password_hash", Text), new("role", Text), new("created_at", BigInt),
            new("disabled_at", BigInt, true), new("security_stamp", Text, true),
        ], 1),
        new("hub_sessions", [new("session_id", Text), new("kind", Text), new("subject", Text), new("created_at", BigInt), new("seen_at", BigInt)], 1),
        // The session cookies' key ring: copied, so that a site moved to PostgreSQL signs nobody out (issue 18 item 4).
        new("data_protection_keys", [new("name", Text), new("xml", Text), new("created_at", BigInt)], 1),
        new("mqtt_sessions", [new("client_id", Text), new("generation", BigInt)], 1),
        new("mqtt_outgoing", [new("client_id", Text), new("packet_id", Integer), new("sequence", BigInt), new("packet", Bytes), new("released", Integer)], 2),
        new("mqtt_inbound_qos2", [new("client_id", Text), new("packet_id", Integer), new("generation", BigInt)], 2),
        // Issue 18 item 1 (SQLite step 17, PostgreSQL step 6): copied so that a lease's token keeps growing on the target.
        new("leases", [new("name", Text), new("holder", Text), new("token", BigInt), new("expires_at", BigInt), new("acquired_at", BigInt)], 1),
    ];

    /// <summary>The tables read from SQLite as they are (all but the rollup queue, made from the readings).</summary>
    public static IEnumerable<CopyTable> SqliteTables => Tables.Where(t => !t.NotRolledUpReadings);

    private static CopyColumn[] Readings(CopyColumn[] more) =>
        [new("asset_id", Text), new("metric", Text), new("ts", BigInt), new("value", DoublePrecision), new("unit", Text, true), .. more];

    private static CopyColumn[] Rollup() =>
    [
        new("asset_id", Text), new("metric", Text), new("bucket", BigInt), new("min_value", DoublePrecision), new("max_value", DoublePrecision),
        new("sum_value", DoublePrecision), new("reading_count", BigInt), new("last_ts", BigInt), new("last_value", DoublePrecision), new("unit", Text, true),
    ];
}
