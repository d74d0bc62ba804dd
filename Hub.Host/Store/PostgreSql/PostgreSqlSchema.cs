namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The PostgreSQL schema, as numbered steps applied in order at start (under <see cref="PostgreSqlMigrator.LockKey"/>).
/// Its own list, apart from SQLite's: the two databases will not always need the same steps. Never edit a released
/// step; add one.
/// </summary>
/// <remarks>
/// Kept alike with SQLite so that readers are alike: the same tables, columns and keys; times as Unix microseconds in
/// BIGINT; flags as INTEGER 0/1. Text is <c>COLLATE "C"</c>, compared byte by byte as SQLite's BINARY does, so that
/// the key ranges (a machine's metrics are the keys between "asset|" and "asset}") and every ORDER BY come out the same
/// whatever the server's locale, and the primary-key indexes serve them.
/// </remarks>
internal static class PostgreSqlSchema
{
    private const string Text = "TEXT COLLATE \"C\"";

    /// <summary>The raw telemetry history, partitioned by day on <c>ts</c> (issue 17 item 6).</summary>
    public const string RawTable = "telemetry_readings";

    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        // No PostgreSQL site existed before issue 17, so version 1 is the whole schema SQLite reached in its steps 1-12
        // (SchemaMigrations.cs), plus what PostgreSQL does better: the raw history is partitioned by day (native
        // declarative partitioning, range on ts), so that retention drops whole days instead of deleting rows.
        (1, "the hub's schema as of SQLite step 12, with the raw telemetry history partitioned by day", $$"""
            CREATE TABLE entities (
                kind          {{Text}} NOT NULL,
                entity_key    {{Text}} NOT NULL,
                customer_code {{Text}} NULL,
                order_no      {{Text}} NULL,
                sort_at       BIGINT   NULL,
                source        {{Text}} NOT NULL,
                source_ts     BIGINT   NOT NULL,
                source_ref    {{Text}} NULL,
                body          TEXT     NOT NULL,
                stored_at     BIGINT   NOT NULL,
                PRIMARY KEY (kind, entity_key)
            );
            CREATE INDEX ix_entities_order_no ON entities (order_no) WHERE order_no IS NOT NULL;
            CREATE INDEX ix_entities_customer ON entities (customer_code, kind, sort_at) WHERE customer_code IS NOT NULL;
            -- GetEntitiesOfSource (a source's removals); SQLite scans, PostgreSQL tables of a real site are larger.
            CREATE INDEX ix_entities_source ON entities (source);

            CREATE TABLE dead_letters (
                id          {{Text}} NOT NULL PRIMARY KEY,
                source      {{Text}} NOT NULL,
                reference   TEXT     NOT NULL,
                payload     TEXT     NOT NULL,
                reason      TEXT     NOT NULL,
                created_at  BIGINT   NOT NULL,
                replayed_at BIGINT   NULL,
                content_key {{Text}} NULL
            );
            CREATE INDEX ix_dead_letters_source ON dead_letters (source, created_at);
            -- Issue 16 item 20: the same row of the same file is one letter; NULL keys never collide.
            CREATE UNIQUE INDEX ux_dead_letters_content ON dead_letters (source, content_key);

            CREATE TABLE portal_tokens (
                token_id      {{Text}} NOT NULL PRIMARY KEY,
                customer_code {{Text}} NOT NULL,
                token_hash    {{Text}} NOT NULL UNIQUE,
                created_at    BIGINT   NOT NULL,
                revoked_at    BIGINT   NULL
            );
            CREATE INDEX ix_portal_tokens_customer ON portal_tokens (customer_code);

            CREATE TABLE {{RawTable}} (
                asset_id {{Text}}         NOT NULL,
                metric   {{Text}}         NOT NULL,
                ts       BIGINT           NOT NULL,
                value    DOUBLE PRECISION NOT NULL,
                unit     {{Text}}         NULL,
                quality  {{Text}}         NOT NULL,
                source   {{Text}}         NOT NULL,
                PRIMARY KEY (asset_id, metric, ts)
            ) PARTITION BY RANGE (ts);

            CREATE TABLE rule_inputs (
                asset_id {{Text}}         NOT NULL,
                metric   {{Text}}         NOT NULL,
                ts       BIGINT           NOT NULL,
                value    DOUBLE PRECISION NOT NULL,
                unit     {{Text}}         NULL,
                quality  {{Text}}         NOT NULL,
                queued   BIGINT           NOT NULL,
                PRIMARY KEY (asset_id, metric, ts)
            );
            CREATE INDEX ix_rule_inputs_queued ON rule_inputs (queued);

            CREATE TABLE alarm_rule_states (
                rule_id    {{Text}} NOT NULL,
                asset_id   {{Text}} NOT NULL,
                body       TEXT     NOT NULL,
                updated_at BIGINT   NOT NULL,
                PRIMARY KEY (rule_id, asset_id)
            );

            CREATE TABLE alarms (
                rule_id         {{Text}} NOT NULL,
                asset_id        {{Text}} NOT NULL,
                raised_at       BIGINT   NOT NULL,
                code            {{Text}} NOT NULL,
                severity        {{Text}} NOT NULL,
                state           {{Text}} NOT NULL,
                text_en         TEXT     NULL,
                text_zh         TEXT     NULL,
                reason          TEXT     NOT NULL,
                flapping        INTEGER  NOT NULL,
                ticket_no       {{Text}} NULL,
                acknowledged_at BIGINT   NULL,
                acknowledged_by {{Text}} NULL,
                cleared_at      BIGINT   NULL,
                PRIMARY KEY (rule_id, asset_id, raised_at)
            );
            CREATE INDEX ix_alarms_ticket ON alarms (ticket_no) WHERE ticket_no IS NOT NULL;

            CREATE TABLE tickets (
                ticket_no     {{Text}} NOT NULL PRIMARY KEY,
                open_key      {{Text}} NULL UNIQUE,
                asset_id      {{Text}} NOT NULL,
                customer_code {{Text}} NOT NULL,
                alarm_code    {{Text}} NOT NULL,
                priority      {{Text}} NOT NULL,
                status        {{Text}} NOT NULL,
                assignee      {{Text}} NULL,
                due_at        BIGINT   NULL,
                opened_at     BIGINT   NOT NULL,
                created_at    BIGINT   NOT NULL,
                body          TEXT     NOT NULL
            );
            CREATE INDEX ix_tickets_asset ON tickets (asset_id, status);
            CREATE INDEX ix_tickets_customer ON tickets (customer_code, status);
            CREATE INDEX ix_tickets_due ON tickets (status, due_at);

            CREATE TABLE ticket_history (
                ticket_no {{Text}} NOT NULL,
                seq       INTEGER  NOT NULL,
                at        BIGINT   NOT NULL,
                actor     {{Text}} NOT NULL,
                action    {{Text}} NOT NULL,
                detail    TEXT     NOT NULL,
                internal  INTEGER  NOT NULL,
                PRIMARY KEY (ticket_no, seq)
            );

            CREATE TABLE outbox (
                id              {{Text}} NOT NULL PRIMARY KEY,
                event_key       {{Text}} NOT NULL UNIQUE,
                channel         {{Text}} NOT NULL,
                audience        {{Text}} NOT NULL,
                customer_code   {{Text}} NULL,
                subject         TEXT     NOT NULL,
                body            TEXT     NOT NULL,
                recipients      TEXT     NOT NULL,
                status          {{Text}} NOT NULL,
                attempts        INTEGER  NOT NULL,
                next_attempt_at BIGINT   NOT NULL,
                last_error      TEXT     NULL,
                created_at      BIGINT   NOT NULL,
                sent_at         BIGINT   NULL
            );
            CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
            CREATE INDEX ix_outbox_customer ON outbox (customer_code, sent_at) WHERE customer_code IS NOT NULL;

            CREATE TABLE customer_holds (
                customer_code {{Text}} NOT NULL,
                ticket_no     {{Text}} NOT NULL,
                since         BIGINT   NOT NULL,
                released_at   BIGINT   NULL,
                PRIMARY KEY (customer_code, ticket_no)
            );

            CREATE TABLE desk_users (
                username       {{Text}} NOT NULL PRIMARY KEY,
                password_hash  TEXT     NOT NULL,
                role           {{Text}} NOT NULL,
                created_at     BIGINT   NOT NULL,
                disabled_at    BIGINT   NULL,
                security_stamp TEXT     NULL
            );

            CREATE TABLE counters (
                name  {{Text}} NOT NULL PRIMARY KEY,
                value BIGINT   NOT NULL
            );

            CREATE TABLE poll_watermarks (
                source     {{Text}} NOT NULL PRIMARY KEY,
                watermark  TEXT     NOT NULL,
                updated_at BIGINT   NOT NULL
            );

            CREATE TABLE hub_sessions (
                session_id {{Text}} NOT NULL PRIMARY KEY,
                kind       {{Text}} NOT NULL,
                subject    {{Text}} NOT NULL,
                created_at BIGINT   NOT NULL,
                seen_at    BIGINT   NOT NULL
            );
            CREATE INDEX ix_hub_sessions_subject ON hub_sessions (kind, subject);
            CREATE INDEX ix_hub_sessions_seen ON hub_sessions (kind, seen_at);

            CREATE TABLE mqtt_outgoing (
                client_id {{Text}} NOT NULL,
                packet_id INTEGER  NOT NULL,
                sequence  BIGINT   NOT NULL,
                packet    BYTEA    NOT NULL,
                released  INTEGER  NOT NULL,
                PRIMARY KEY (client_id, packet_id)
            );
            CREATE TABLE mqtt_inbound_qos2 (
                client_id {{Text}} NOT NULL,
                packet_id INTEGER  NOT NULL,
                PRIMARY KEY (client_id, packet_id)
            );
            """),

        // SQLite's step 13 (issue 17 item 6): the rollup tables and the indexes retention deletes through. Instead of
        // SQLite's rowid progress mark, a queue of the readings not rolled up yet (PostgreSqlTelemetryHistoryStore).
        // The index on ts is made on the partitioned table, so every day partition, present and future, has one:
        // /health's oldest reading reads the first entry of the oldest partition.
        (2, "telemetry rollups and retention (issue 17 item 6, SQLite step 13)", $$"""
            CREATE INDEX ix_telemetry_readings_ts ON {{RawTable}} (ts);

            CREATE TABLE telemetry_rollup_pending (
                asset_id {{Text}}         NOT NULL,
                metric   {{Text}}         NOT NULL,
                ts       BIGINT           NOT NULL,
                value    DOUBLE PRECISION NOT NULL,
                unit     {{Text}}         NULL,
                PRIMARY KEY (asset_id, metric, ts)
            );
            -- Readings stored before this step are queued once, so that their buckets are complete too.
            INSERT INTO telemetry_rollup_pending (asset_id, metric, ts, value, unit)
            SELECT asset_id, metric, ts, value, unit FROM {{RawTable}};

            CREATE TABLE telemetry_rollup_minute (
                asset_id      {{Text}}         NOT NULL,
                metric        {{Text}}         NOT NULL,
                bucket        BIGINT           NOT NULL,
                min_value     DOUBLE PRECISION NOT NULL,
                max_value     DOUBLE PRECISION NOT NULL,
                sum_value     DOUBLE PRECISION NOT NULL,
                reading_count BIGINT           NOT NULL,
                last_ts       BIGINT           NOT NULL,
                last_value    DOUBLE PRECISION NOT NULL,
                unit          {{Text}}         NULL,
                PRIMARY KEY (asset_id, metric, bucket)
            );
            CREATE INDEX ix_telemetry_rollup_minute_bucket ON telemetry_rollup_minute (bucket);

            CREATE TABLE telemetry_rollup_hour (
                asset_id      {{Text}}         NOT NULL,
                metric        {{Text}}         NOT NULL,
                bucket        BIGINT           NOT NULL,
                min_value     DOUBLE PRECISION NOT NULL,
                max_value     DOUBLE PRECISION NOT NULL,
                sum_value     DOUBLE PRECISION NOT NULL,
                reading_count BIGINT           NOT NULL,
                last_ts       BIGINT           NOT NULL,
                last_value    DOUBLE PRECISION NOT NULL,
                unit          {{Text}}         NULL,
                PRIMARY KEY (asset_id, metric, bucket)
            );
            CREATE INDEX ix_telemetry_rollup_hour_bucket ON telemetry_rollup_hour (bucket);

            CREATE INDEX ix_dead_letters_replayed ON dead_letters (replayed_at) WHERE replayed_at IS NOT NULL;
            CREATE INDEX ix_dead_letters_waiting ON dead_letters (created_at) WHERE replayed_at IS NULL;
            CREATE INDEX ix_outbox_finished ON outbox (status, sent_at);
            """),

        // SQLite's step 14 (issue 16 item 16, the MQTT client's session generation), so that both schemas carry the
        // same columns when the MQTT store starts using them.
        (3, "the MQTT session's generation (SQLite step 14)", $$"""
            ALTER TABLE mqtt_inbound_qos2 ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
            CREATE TABLE mqtt_sessions (
                client_id {{Text}} NOT NULL PRIMARY KEY,
                generation BIGINT  NOT NULL
            );
            """),

        // SQLite's step 16 (issue 18 item 3): outbox claims by node, the token that fences a late outcome, and the
        // index for the per-customer count of messages in flight.
        (5, "outbox claims by node (SQLite step 16)", $$"""
            ALTER TABLE outbox ADD COLUMN claimed_by {{Text}} NULL;
            ALTER TABLE outbox ADD COLUMN claim_token {{Text}} NULL;
            ALTER TABLE outbox ADD COLUMN claim_expires_at BIGINT NULL;
            CREATE INDEX ix_outbox_claimed ON outbox (customer_code, claim_expires_at) WHERE claim_token IS NOT NULL;
            """),
        // Issue 18 item 1: work that must run on exactly one node holds a lease; the token grows with every new holder
        // and fences the work's writes, the expiry is the server's clock (Unix microseconds) so node clocks do not matter.
        (6, "leases for work that runs on one node (issue 18 item 1)", $$"""
            CREATE TABLE leases (
                name        {{Text}} NOT NULL PRIMARY KEY,
                holder      {{Text}} NOT NULL,
                token       BIGINT   NOT NULL,
                expires_at  BIGINT   NOT NULL,
                acquired_at BIGINT   NOT NULL
            );
            """),
        // SQLite's step 20 (issue 18 item 4): the session cookies' key ring, read by every node of the database.
        (9, "the session cookies' key ring (issue 18 item 4, SQLite step 20)", $$"""
            CREATE TABLE data_protection_keys (
                name       {{Text}} NOT NULL PRIMARY KEY,
                xml        {{Text}} NOT NULL,
                created_at BIGINT  NOT NULL
            );
            """),
        // Issue 18 item 2: rule evaluation is partitioned by machine. Each queued reading keeps its machine's slot (the
        // same hash as RulePartition.SlotOf, computed by the server so that no writer needs to know of it; md5 is
        // IMMUTABLE), and a partition, a range of slots, reads its readings in queue order through the index.
        (10, "the rules' queue by machine slot, for partitioned rule evaluation (issue 18 item 2)", $$"""
            ALTER TABLE rule_inputs ADD COLUMN slot INTEGER GENERATED ALWAYS AS ({{RulePartition.PostgreSqlSlot("asset_id")}}) STORED;
            CREATE INDEX ix_rule_inputs_slot ON rule_inputs (slot, queued);
            """),
        // Issue 18 item 4: live pages on every node hear committed changes through LISTEN/NOTIFY. Triggers send them, so
        // that every writer of these tables (the apply path's statements and COPY, the rules stage, desk actions, the
        // store copy) notifies in its own transaction: NOTIFY is delivered at commit and dropped on rollback, so a
        // notice means a committed change. Payloads are a kind letter and an id, well under NOTIFY's 8000-byte limit; a
        // longer id (hostile input) becomes '*', "re-read everything", rather than an error that would fail the write.
        // The WHEN clauses keep the hot path (telemetry's latest-value upserts, order_no NULL) out of PL/pgSQL.
        (11, "change notifications for live pages (issue 18 item 4)", $$"""
            CREATE FUNCTION hub_notify_key(kind text, key text) RETURNS void LANGUAGE sql AS $f$
                SELECT pg_notify('{{PostgreSqlChangeListener.Channel}}', CASE WHEN octet_length(key) <= 1000 THEN kind || key ELSE '*' END)
            $f$;

            CREATE FUNCTION hub_entities_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP <> 'INSERT' AND OLD.order_no IS NOT NULL THEN
                    PERFORM hub_notify_key('o', OLD.order_no);
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.order_no IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.order_no IS DISTINCT FROM OLD.order_no) THEN
                    PERFORM hub_notify_key('o', NEW.order_no);
                END IF;
                RETURN NULL;
            END
            $f$;
            CREATE TRIGGER entities_notify_insert AFTER INSERT ON entities
                FOR EACH ROW WHEN (NEW.order_no IS NOT NULL) EXECUTE FUNCTION hub_entities_changed();
            CREATE TRIGGER entities_notify_update AFTER UPDATE ON entities
                FOR EACH ROW WHEN (NEW.order_no IS NOT NULL OR OLD.order_no IS NOT NULL) EXECUTE FUNCTION hub_entities_changed();
            CREATE TRIGGER entities_notify_delete AFTER DELETE ON entities
                FOR EACH ROW WHEN (OLD.order_no IS NOT NULL) EXECUTE FUNCTION hub_entities_changed();

            CREATE FUNCTION hub_tickets_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                PERFORM hub_notify_key('t', CASE WHEN TG_OP = 'DELETE' THEN OLD.ticket_no ELSE NEW.ticket_no END);
                RETURN NULL;
            END
            $f$;
            CREATE TRIGGER tickets_notify AFTER INSERT OR UPDATE OR DELETE ON tickets
                FOR EACH ROW EXECUTE FUNCTION hub_tickets_changed();

            -- A revoked token, an ended session, a changed or removed desk user: open live pages check their credentials.
            CREATE FUNCTION hub_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                PERFORM pg_notify('{{PostgreSqlChangeListener.Channel}}', 'c');
                RETURN NULL;
            END
            $f$;
            CREATE TRIGGER portal_tokens_notify AFTER UPDATE ON portal_tokens
                FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) EXECUTE FUNCTION hub_credentials_changed();
            CREATE TRIGGER hub_sessions_notify AFTER DELETE ON hub_sessions
                FOR EACH ROW EXECUTE FUNCTION hub_credentials_changed();
            CREATE TRIGGER desk_users_notify AFTER UPDATE OR DELETE ON desk_users
                FOR EACH ROW EXECUTE FUNCTION hub_credentials_changed();
            """),
        // Issue 23 item 1: the CRM change feed (SQLite step 21). A sequence is not commit order here: a transaction
        // that took id 10 can commit after the one that took 11, and a reader already past 11 would never see 10. So
        // the triggers only park a transaction's changes in crm_changes_pending; a deferred constraint trigger moves
        // them at commit time, taking their ids from the one row of crm_feed. That row stays locked until the commit is
        // visible, so ids are handed out in commit order, without gaps (a rollback returns them), and a reader whose
        // snapshot shows id N shows every id below N. The cost: committing transactions that changed CRM data take
        // their turn on that row (the parked rows' move and the commit itself), telemetry's latest values aside.
        (12, "the CRM change feed in commit order and its API keys (issue 23 item 1, SQLite step 21)", $$"""
            CREATE TABLE crm_feed (
                epoch   {{Text}} NOT NULL,
                last_id BIGINT   NOT NULL
            );
            INSERT INTO crm_feed (epoch, last_id) VALUES (left(md5(random()::text || clock_timestamp()::text), 16), 0);

            CREATE TABLE crm_changes (
                id         BIGINT   NOT NULL PRIMARY KEY,
                kind       {{Text}} NOT NULL,
                entity_key {{Text}} NOT NULL,
                order_no   {{Text}} NULL,
                body       TEXT     NOT NULL
            );

            CREATE TABLE crm_changes_pending (
                tx         xid8     NOT NULL DEFAULT pg_current_xact_id(),
                seq        BIGINT   GENERATED ALWAYS AS IDENTITY,
                kind       {{Text}} NOT NULL,
                entity_key {{Text}} NOT NULL,
                order_no   {{Text}} NULL,
                body       TEXT     NOT NULL
            );
            CREATE INDEX ix_crm_changes_pending_tx ON crm_changes_pending (tx);

            CREATE FUNCTION hub_crm_entity_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                INSERT INTO crm_changes_pending (kind, entity_key, order_no, body) VALUES (NEW.kind, NEW.entity_key, NEW.order_no, NEW.body);
                RETURN NULL;
            END
            $f$;
            CREATE TRIGGER entities_crm AFTER INSERT OR UPDATE ON entities
                FOR EACH ROW WHEN (NEW.kind <> 'AssetMetric') EXECUTE FUNCTION hub_crm_entity_changed();

            CREATE FUNCTION hub_crm_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP = 'INSERT' OR NEW.body <> OLD.body THEN
                    INSERT INTO crm_changes_pending (kind, entity_key, order_no, body) VALUES ('ServiceTicket', NEW.ticket_no, NULL, NEW.body);
                END IF;
                RETURN NULL;
            END
            $f$;
            CREATE TRIGGER tickets_crm AFTER INSERT OR UPDATE ON tickets
                FOR EACH ROW EXECUTE FUNCTION hub_crm_ticket_changed();

            -- Runs at commit, once per parked row: the first moves all of the transaction's rows, the others find none.
            CREATE FUNCTION hub_crm_publish() RETURNS trigger LANGUAGE plpgsql AS $f$
            DECLARE
                parked bigint;
                top    bigint;
            BEGIN
                SELECT count(*) INTO parked FROM crm_changes_pending WHERE tx = pg_current_xact_id();
                IF parked = 0 THEN
                    RETURN NULL;
                END IF;
                UPDATE crm_feed SET last_id = last_id + parked RETURNING last_id INTO top;
                WITH moved AS (
                    DELETE FROM crm_changes_pending WHERE tx = pg_current_xact_id() RETURNING seq, kind, entity_key, order_no, body)
                INSERT INTO crm_changes (id, kind, entity_key, order_no, body)
                SELECT top - parked + row_number() OVER (ORDER BY seq), kind, entity_key, order_no, body FROM moved;
                RETURN NULL;
            END
            $f$;
            CREATE CONSTRAINT TRIGGER crm_changes_pending_publish AFTER INSERT ON crm_changes_pending
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hub_crm_publish();

            CREATE TABLE crm_api_keys (
                key_id     {{Text}} NOT NULL PRIMARY KEY,
                consumer   {{Text}} NOT NULL,
                key_hash   {{Text}} NOT NULL UNIQUE,
                kinds      {{Text}} NOT NULL,
                created_at BIGINT   NOT NULL,
                revoked_at BIGINT   NULL
            );

            -- Webhooks to CRMs go through the outbox, held in order per entity and subscription (as on SQLite).
            ALTER TABLE outbox ADD COLUMN order_key {{Text}} NULL;
            ALTER TABLE outbox ADD COLUMN position BIGINT NULL;
            CREATE INDEX ix_outbox_order_key ON outbox (order_key, position) WHERE order_key IS NOT NULL;
            CREATE TABLE crm_webhook_cursors (
                subscription {{Text}} NOT NULL PRIMARY KEY,
                last_id      BIGINT   NOT NULL
            );
            """),
        (13, "service requests reported by customers and their photos (issue 24 item 1, SQLite step 22)", $$"""
            CREATE TABLE service_requests (
                customer_code {{Text}} NOT NULL,
                request_key   {{Text}} NOT NULL,
                ticket_no     {{Text}} NOT NULL,
                asset_id      {{Text}} NOT NULL,
                category      {{Text}} NOT NULL,
                channel       {{Text}} NOT NULL,
                body          {{Text}} NOT NULL,
                created_at    BIGINT   NOT NULL,
                PRIMARY KEY (customer_code, request_key)
            );
            CREATE INDEX ix_service_requests_ticket ON service_requests (ticket_no, created_at);
            CREATE TABLE service_request_photos (
                customer_code {{Text}} NOT NULL,
                request_key   {{Text}} NOT NULL,
                seq           INTEGER  NOT NULL,
                ticket_no     {{Text}} NOT NULL,
                photo_id      {{Text}} NOT NULL,
                format        {{Text}} NOT NULL,
                width         INTEGER  NOT NULL,
                height        INTEGER  NOT NULL,
                length        BIGINT   NOT NULL,
                PRIMARY KEY (customer_code, request_key, seq)
            );
            CREATE INDEX ix_service_request_photos_ticket ON service_request_photos (ticket_no, photo_id);
            """),
        (14, "service reports from the engineer's phone page (issue 24 item 2, SQLite step 23)", $$"""
            CREATE TABLE service_reports (
                report_id   {{Text}} NOT NULL PRIMARY KEY,
                ticket_no   {{Text}} NOT NULL,
                engineer    {{Text}} NOT NULL,
                received_at BIGINT   NOT NULL,
                body        TEXT     NOT NULL
            );
            CREATE INDEX ix_service_reports_ticket ON service_reports (ticket_no, received_at);
            """),
        // Issue 24 item 3 (SQLite step 24): part requests on tickets, as on SQLite.
        (15, "part requests (issue 24 item 3, SQLite step 24)", $$"""
            CREATE TABLE part_requests (
                request_no   {{Text}} NOT NULL PRIMARY KEY,
                request_id   {{Text}} NOT NULL UNIQUE,
                ticket_no    {{Text}} NOT NULL,
                requested_by {{Text}} NOT NULL,
                requested_at BIGINT   NOT NULL
            );
            CREATE INDEX ix_part_requests_ticket ON part_requests (ticket_no, requested_at);
            CREATE TABLE part_request_lines (
                request_no {{Text}} NOT NULL,
                line_no    INTEGER  NOT NULL,
                item_code  {{Text}} NOT NULL,
                quantity   {{Text}} NOT NULL,
                unit       {{Text}} NULL,
                status     {{Text}} NOT NULL,
                available  {{Text}} NOT NULL,
                PRIMARY KEY (request_no, line_no)
            );
            """),
        (16, "preventive maintenance: plan states and ticketed intervals (issue 24 item 4, SQLite step 25)", $$"""
            CREATE TABLE maintenance_states (
                plan_id    {{Text}} NOT NULL,
                asset_id   {{Text}} NOT NULL,
                body       TEXT     NOT NULL,
                updated_at BIGINT   NOT NULL,
                PRIMARY KEY (plan_id, asset_id)
            );
            CREATE INDEX ix_maintenance_states_asset ON maintenance_states (asset_id);
            CREATE TABLE maintenance_intervals (
                plan_id     {{Text}} NOT NULL,
                asset_id    {{Text}} NOT NULL,
                interval_no BIGINT   NOT NULL,
                opened_at   BIGINT   NOT NULL,
                PRIMARY KEY (plan_id, asset_id, interval_no)
            );
            """),
        // Issue 24 item 5 (SQLite step 26): satisfaction surveys, as on SQLite.
        (17, "satisfaction surveys of resolved tickets (issue 24 item 5, SQLite step 26)", $$"""
            CREATE TABLE survey_invitations (
                id_hash             {{Text}} NOT NULL PRIMARY KEY,
                ticket_no           {{Text}} NOT NULL UNIQUE,
                customer_code       {{Text}} NOT NULL,
                engineer            {{Text}} NULL,
                category            {{Text}} NOT NULL,
                resolved_at         BIGINT   NOT NULL,
                expires_at          BIGINT   NOT NULL,
                answered_at         BIGINT   NULL,
                rating              INTEGER  NULL CHECK (rating BETWEEN 1 AND 5),
                score               INTEGER  NULL CHECK (score BETWEEN 0 AND 10),
                comment             {{Text}} NULL,
                follow_up_ticket_no {{Text}} NULL
            );
            CREATE INDEX ix_survey_invitations_answered ON survey_invitations (answered_at) WHERE answered_at IS NOT NULL;
            """),
        // Issue 23 item 2 (SQLite step 27): order milestones told, their detection's position (from the feed's end),
        // and customers' choices. The position's one row is locked by each pass, so nodes detect one after the other.
        (18, "order milestones told, their detection's position, customers' choices (issue 23 item 2, SQLite step 27)", $$"""
            CREATE TABLE order_milestones (
                order_no      {{Text}} NOT NULL,
                milestone     {{Text}} NOT NULL,
                reference     {{Text}} NOT NULL,
                customer_code {{Text}} NOT NULL,
                detected_at   BIGINT   NOT NULL,
                PRIMARY KEY (order_no, milestone, reference)
            );
            CREATE TABLE milestone_cursor (
                epoch   {{Text}} NOT NULL,
                last_id BIGINT   NOT NULL
            );
            INSERT INTO milestone_cursor (epoch, last_id) SELECT epoch, last_id FROM crm_feed;
            CREATE TABLE milestone_preferences (
                customer_code {{Text}} NOT NULL PRIMARY KEY,
                shipped       INTEGER  NOT NULL,
                delivered     INTEGER  NOT NULL,
                late          INTEGER  NOT NULL,
                channel       {{Text}} NULL,
                updated_at    BIGINT   NOT NULL
            );
            """),
        // Issue 23 item 3 (SQLite step 28): changes customers propose to their own data, and the desk's decisions.
        (19, "customers' own data changes proposed on the portal and decided by the desk (issue 23 item 3, SQLite step 28)", $$"""
            CREATE TABLE customer_changes (
                change_id     {{Text}} NOT NULL PRIMARY KEY,
                customer_code {{Text}} NOT NULL,
                subject       {{Text}} NOT NULL,
                action        {{Text}} NOT NULL,
                target_id     {{Text}} NULL,
                old_values    {{Text}} NOT NULL,
                new_values    {{Text}} NOT NULL,
                hints         {{Text}} NULL,
                status        {{Text}} NOT NULL,
                proposed_by   {{Text}} NOT NULL,
                proposed_at   BIGINT   NOT NULL,
                decided_by    {{Text}} NULL,
                decided_at    BIGINT   NULL,
                reason        {{Text}} NULL
            );
            CREATE INDEX ix_customer_changes_customer ON customer_changes (customer_code, status);
            CREATE INDEX ix_customer_changes_status ON customer_changes (status, proposed_at);
            """),
        // Step 20 was never used (session 25 merged steps 19 and 21 from two branches at once) and must stay unused: a
        // database at 21 would apply a later 20 out of order. The next step is 22.
        // Issue 17 (import speed, SQLite step 30): an order's own row leaves the order-number index, whose entry repeated
        // the primary key's (an order's order_no is its key); an import of orders inserts into one b-tree less per row.
        // Lookups read the order by its key and its parts through this index (PostgreSqlHubStore.OrderSnapshotSql).
        (21, "the order-number index leaves out the orders, found by their key (issue 17, SQLite step 30)", """
            DROP INDEX ix_entities_order_no;
            CREATE INDEX ix_entities_order_no ON entities (order_no) WHERE order_no IS NOT NULL AND kind <> 'SalesOrder';
            """),
    ];

    /// <summary>The newest version this binary knows.</summary>
    public static int Latest => All[^1].Version;
}
