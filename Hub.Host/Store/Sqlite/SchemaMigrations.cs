namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The schema, as numbered steps applied in order at start-up. Plain SQL that SQLite and PostgreSQL both run:
/// text ids made by the hub instead of identity columns, times as Unix microseconds in BIGINT.
/// Never edit a released step; add one.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The newest step this binary knows; a store at a later one was written by a newer hub.</summary>
    public static int Latest => All.Max(m => m.Version);

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
        (4, "rules stage: rule inputs, alarm state, alarms, tickets, outbox, holds, desk users", """
            CREATE TABLE rule_inputs (
                asset_id TEXT             NOT NULL,
                metric   TEXT             NOT NULL,
                ts       BIGINT           NOT NULL,
                value    DOUBLE PRECISION NOT NULL,
                unit     TEXT             NULL,
                quality  TEXT             NOT NULL,
                queued   BIGINT           NOT NULL,
                PRIMARY KEY (asset_id, metric, ts)
            );
            CREATE INDEX ix_rule_inputs_queued ON rule_inputs (queued);

            CREATE TABLE alarm_rule_states (
                rule_id    TEXT   NOT NULL,
                asset_id   TEXT   NOT NULL,
                body       TEXT   NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (rule_id, asset_id)
            );

            CREATE TABLE alarms (
                rule_id         TEXT    NOT NULL,
                asset_id        TEXT    NOT NULL,
                raised_at       BIGINT  NOT NULL,
                code            TEXT    NOT NULL,
                severity        TEXT    NOT NULL,
                state           TEXT    NOT NULL,
                text_en         TEXT    NULL,
                text_zh         TEXT    NULL,
                reason          TEXT    NOT NULL,
                flapping        INTEGER NOT NULL,
                ticket_no       TEXT    NULL,
                acknowledged_at BIGINT  NULL,
                acknowledged_by TEXT    NULL,
                cleared_at      BIGINT  NULL,
                PRIMARY KEY (rule_id, asset_id, raised_at)
            );
            CREATE INDEX ix_alarms_ticket ON alarms (ticket_no) WHERE ticket_no IS NOT NULL;

            CREATE TABLE tickets (
                ticket_no     TEXT   NOT NULL PRIMARY KEY,
                open_key      TEXT   NULL UNIQUE,
                asset_id      TEXT   NOT NULL,
                customer_code TEXT   NOT NULL,
                alarm_code    TEXT   NOT NULL,
                priority      TEXT   NOT NULL,
                status        TEXT   NOT NULL,
                assignee      TEXT   NULL,
                due_at        BIGINT NULL,
                opened_at     BIGINT NOT NULL,
                created_at    BIGINT NOT NULL,
                body          TEXT   NOT NULL
            );
            CREATE INDEX ix_tickets_asset ON tickets (asset_id, status);
            CREATE INDEX ix_tickets_customer ON tickets (customer_code, status);
            CREATE INDEX ix_tickets_due ON tickets (status, due_at);

            CREATE TABLE ticket_history (
                ticket_no TEXT    NOT NULL,
                seq       INTEGER NOT NULL,
                at        BIGINT  NOT NULL,
                actor     TEXT    NOT NULL,
                action    TEXT    NOT NULL,
                detail    TEXT    NOT NULL,
                internal  INTEGER NOT NULL,
                PRIMARY KEY (ticket_no, seq)
            );

            CREATE TABLE outbox (
                id              TEXT    NOT NULL PRIMARY KEY,
                event_key       TEXT    NOT NULL UNIQUE,
                channel         TEXT    NOT NULL,
                audience        TEXT    NOT NULL,
                customer_code   TEXT    NULL,
                subject         TEXT    NOT NULL,
                body            TEXT    NOT NULL,
                recipients      TEXT    NOT NULL,
                status          TEXT    NOT NULL,
                attempts        INTEGER NOT NULL,
                next_attempt_at BIGINT  NOT NULL,
                last_error      TEXT    NULL,
                created_at      BIGINT  NOT NULL,
                sent_at         BIGINT  NULL
            );
            CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
            CREATE INDEX ix_outbox_customer ON outbox (customer_code, sent_at) WHERE customer_code IS NOT NULL;

            CREATE TABLE customer_holds (
                customer_code TEXT   NOT NULL,
                ticket_no     TEXT   NOT NULL,
                since         BIGINT NOT NULL,
                released_at   BIGINT NULL,
                PRIMARY KEY (customer_code, ticket_no)
            );

            CREATE TABLE desk_users (
                username      TEXT   NOT NULL PRIMARY KEY,
                password_hash TEXT   NOT NULL,
                role          TEXT   NOT NULL,
                created_at    BIGINT NOT NULL,
                disabled_at   BIGINT NULL
            );

            CREATE TABLE counters (
                name  TEXT   NOT NULL PRIMARY KEY,
                value BIGINT NOT NULL
            );
            """),
        (9, "database polling: watermark per source", """
            CREATE TABLE poll_watermarks (
                source     TEXT   NOT NULL PRIMARY KEY,
                watermark  TEXT   NOT NULL,
                updated_at BIGINT NOT NULL
            );
            """),
        // Issue 16, item 20: a file's rejected rows are keyed by source, file content (SHA-256) and line, so that the
        // same export dropped again, or re-imported after a crash before it left the inbox, adds none twice. Rows from
        // before keep a NULL key (NULLs never collide) and stay as they are.
        (10, "dead letters keyed by source, file content and line", """
            ALTER TABLE dead_letters ADD COLUMN content_key TEXT NULL;
            CREATE UNIQUE INDEX ux_dead_letters_content ON dead_letters (source, content_key);
            """),
        // Issue 16 item 3: a session ends on sign-out and follows the user's changes. A desk user's security stamp
        // changes with the role, the password, a disable or a sign-out everywhere; a cookie carrying an older stamp is
        // refused. Rows of NULL stamp (users made before this step) get one at their next sign-in. A session row exists
        // while the session may be used; sign-out deletes it, so a copied cookie replayed afterwards is refused.
        (11, "server-side sessions, desk security stamps", """
            ALTER TABLE desk_users ADD COLUMN security_stamp TEXT NULL;

            CREATE TABLE hub_sessions (
                session_id TEXT   NOT NULL PRIMARY KEY,
                kind       TEXT   NOT NULL,
                subject    TEXT   NOT NULL,
                created_at BIGINT NOT NULL,
                seen_at    BIGINT NOT NULL
            );
            CREATE INDEX ix_hub_sessions_subject ON hub_sessions (kind, subject);
            CREATE INDEX ix_hub_sessions_seen ON hub_sessions (kind, seen_at);
            """),
        (12, "MQTT session state: our publications in flight, inbound QoS 2 ids awaiting PUBREL (issue 16 item 16)", """
            CREATE TABLE mqtt_outgoing (
                client_id TEXT    NOT NULL,
                packet_id INTEGER NOT NULL,
                sequence  BIGINT  NOT NULL,
                packet    BLOB    NOT NULL,
                released  INTEGER NOT NULL,
                PRIMARY KEY (client_id, packet_id)
            );
            CREATE TABLE mqtt_inbound_qos2 (
                client_id TEXT    NOT NULL,
                packet_id INTEGER NOT NULL,
                PRIMARY KEY (client_id, packet_id)
            );
            """),
        // Issue 17 item 6: bounded telemetry. Raw readings are rolled up into 1-minute and 1-hour buckets (min, max, sum,
        // count, last) and deleted after Hub:Telemetry:RawRetention. A raw row is rolled up once: the progress row holds
        // the highest rowid merged so far, advanced in the transaction that merges the rows, so a crash between rolling
        // up and deleting counts nothing twice, and a reading that arrives late (a new rowid, an old ts) is still merged
        // into its bucket. Retention deletes only rows at or below that mark. The index on ts finds the oldest rows for
        // the batched deletes and /health's oldest reading; the bucket indexes do the same for the rollups, and the
        // dead-letter and outbox indexes for their retention. SQLite only: PostgreSQL partitions the raw table by day.
        (13, "telemetry rollups and retention (issue 17 item 6)", """
            CREATE INDEX ix_telemetry_readings_ts ON telemetry_readings (ts);

            CREATE TABLE telemetry_rollup_minute (
                asset_id   TEXT             NOT NULL,
                metric     TEXT             NOT NULL,
                bucket     BIGINT           NOT NULL,
                min_value  DOUBLE PRECISION NOT NULL,
                max_value  DOUBLE PRECISION NOT NULL,
                sum_value  DOUBLE PRECISION NOT NULL,
                reading_count BIGINT        NOT NULL,
                last_ts    BIGINT           NOT NULL,
                last_value DOUBLE PRECISION NOT NULL,
                unit       TEXT             NULL,
                PRIMARY KEY (asset_id, metric, bucket)
            );
            CREATE INDEX ix_telemetry_rollup_minute_bucket ON telemetry_rollup_minute (bucket);

            CREATE TABLE telemetry_rollup_hour (
                asset_id   TEXT             NOT NULL,
                metric     TEXT             NOT NULL,
                bucket     BIGINT           NOT NULL,
                min_value  DOUBLE PRECISION NOT NULL,
                max_value  DOUBLE PRECISION NOT NULL,
                sum_value  DOUBLE PRECISION NOT NULL,
                reading_count BIGINT        NOT NULL,
                last_ts    BIGINT           NOT NULL,
                last_value DOUBLE PRECISION NOT NULL,
                unit       TEXT             NULL,
                PRIMARY KEY (asset_id, metric, bucket)
            );
            CREATE INDEX ix_telemetry_rollup_hour_bucket ON telemetry_rollup_hour (bucket);

            CREATE TABLE telemetry_rollup_progress (
                id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                raw_rowid BIGINT  NOT NULL
            );
            INSERT INTO telemetry_rollup_progress (id, raw_rowid) VALUES (1, 0);

            CREATE INDEX ix_dead_letters_replayed ON dead_letters (replayed_at) WHERE replayed_at IS NOT NULL;
            CREATE INDEX ix_dead_letters_waiting ON dead_letters (created_at) WHERE replayed_at IS NULL;
            CREATE INDEX ix_outbox_finished ON outbox (status, sent_at);
            """),
        // Issue 16 item 16: an inbound QoS 2 id is stored in the transaction of the handler's effect, which may commit
        // after the broker started a new session; the generation tells such a late id from one of the current session,
        // which alone is loaded. Rows from migration 12 belong to generation 0, the generation of a client without a row.
        (14, "MQTT session generations for inbound QoS 2 ids (issue 16 item 16)", """
            ALTER TABLE mqtt_inbound_qos2 ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
            CREATE TABLE mqtt_sessions (
                client_id  TEXT   NOT NULL PRIMARY KEY,
                generation BIGINT NOT NULL
            );
            """),
        // Issue 18 item 3: an outbox message is claimed by one node before it is sent, until the claim expires; the
        // token fences the outcome, so that a node whose claim was taken over records nothing. The index serves the
        // per-customer count of messages in flight, which the claim makes while it decides the limit.
        (16, "outbox claims by node (issue 18 item 3)", """
            ALTER TABLE outbox ADD COLUMN claimed_by TEXT NULL;
            ALTER TABLE outbox ADD COLUMN claim_token TEXT NULL;
            ALTER TABLE outbox ADD COLUMN claim_expires_at BIGINT NULL;
            CREATE INDEX ix_outbox_claimed ON outbox (customer_code, claim_expires_at) WHERE claim_token IS NOT NULL;
            """),
        // Issue 18 item 1: the leases of work that runs on one node. SQLite is one node (the process lock), but the
        // leased work runs the same code path on both stores.
        (17, "leases for work that runs on one node (issue 18 item 1)", """
            CREATE TABLE leases (
                name        TEXT   NOT NULL PRIMARY KEY,
                holder      TEXT   NOT NULL,
                token       BIGINT NOT NULL,
                expires_at  BIGINT NOT NULL,
                acquired_at BIGINT NOT NULL
            );
            """),
        // Issue 18 item 4: the cookies' key ring in the store, so that every node on one database reads the same keys
        // (and a backup of the store holds them). A key is only added; Data Protection revokes by adding an element.
        (20, "the session cookies' key ring (issue 18 item 4)", """
            CREATE TABLE data_protection_keys (
                name       TEXT   NOT NULL PRIMARY KEY,
                xml        TEXT   NOT NULL,
                created_at BIGINT NOT NULL
            );
            """),
        // Issue 23 item 1: the CRM change feed. Every committed change of an entity (telemetry's latest values aside) and
        // of a ticket is logged by a trigger, so that no write path can forget it. SQLite has one writer at a time, so
        // the ids AUTOINCREMENT hands out inside a transaction are in commit order, and a rolled-back transaction gives
        // its ids back with its rows: a reader at id N never meets a row below N later. The epoch tells a cursor of
        // this feed from one of another store (a copy to PostgreSQL starts a new feed).
        (21, "the CRM change feed and its API keys (issue 23 item 1)", """
            CREATE TABLE crm_changes (
                id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                kind       TEXT    NOT NULL,
                entity_key TEXT    NOT NULL,
                order_no   TEXT    NULL,
                body       TEXT    NOT NULL
            );
            CREATE TABLE crm_feed (
                epoch TEXT NOT NULL
            );
            INSERT INTO crm_feed (epoch) VALUES (lower(hex(randomblob(8))));

            CREATE TRIGGER crm_entities_inserted AFTER INSERT ON entities WHEN NEW.kind <> 'AssetMetric'
            BEGIN
                INSERT INTO crm_changes (kind, entity_key, order_no, body) VALUES (NEW.kind, NEW.entity_key, NEW.order_no, NEW.body);
            END;
            CREATE TRIGGER crm_entities_updated AFTER UPDATE ON entities WHEN NEW.kind <> 'AssetMetric'
            BEGIN
                INSERT INTO crm_changes (kind, entity_key, order_no, body) VALUES (NEW.kind, NEW.entity_key, NEW.order_no, NEW.body);
            END;
            CREATE TRIGGER crm_tickets_inserted AFTER INSERT ON tickets
            BEGIN
                INSERT INTO crm_changes (kind, entity_key, order_no, body) VALUES ('ServiceTicket', NEW.ticket_no, NULL, NEW.body);
            END;
            CREATE TRIGGER crm_tickets_updated AFTER UPDATE ON tickets WHEN NEW.body <> OLD.body
            BEGIN
                INSERT INTO crm_changes (kind, entity_key, order_no, body) VALUES ('ServiceTicket', NEW.ticket_no, NULL, NEW.body);
            END;

            CREATE TABLE crm_api_keys (
                key_id     TEXT   NOT NULL PRIMARY KEY,
                consumer   TEXT   NOT NULL,
                key_hash   TEXT   NOT NULL UNIQUE,
                kinds      TEXT   NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT NULL
            );

            -- Webhooks to CRMs go through the outbox: a message of an entity waits while an earlier one of the same
            -- entity and subscription (order_key) is still pending, so a retrying change is never overtaken.
            ALTER TABLE outbox ADD COLUMN order_key TEXT NULL;
            ALTER TABLE outbox ADD COLUMN position BIGINT NULL;
            CREATE INDEX ix_outbox_order_key ON outbox (order_key, position) WHERE order_key IS NOT NULL;
            CREATE TABLE crm_webhook_cursors (
                subscription TEXT   NOT NULL PRIMARY KEY,
                last_id      BIGINT NOT NULL
            );
            """),
        // Issue 24 item 1: problems reported by customers. A request is keyed by the customer and the idempotency key its
        // form or chat message sent, so a replayed submit finds the first and stores nothing twice; its photos are files
        // in the data folder (photos/), named by content hash, listed here with the ticket they belong to.
        (22, "service requests reported by customers and their photos (issue 24 item 1)", """
            CREATE TABLE service_requests (
                customer_code TEXT   NOT NULL,
                request_key   TEXT   NOT NULL,
                ticket_no     TEXT   NOT NULL,
                asset_id      TEXT   NOT NULL,
                category      TEXT   NOT NULL,
                channel       TEXT   NOT NULL,
                body          TEXT   NOT NULL,
                created_at    BIGINT NOT NULL,
                PRIMARY KEY (customer_code, request_key)
            );
            CREATE INDEX ix_service_requests_ticket ON service_requests (ticket_no, created_at);
            CREATE TABLE service_request_photos (
                customer_code TEXT    NOT NULL,
                request_key   TEXT    NOT NULL,
                seq           INTEGER NOT NULL,
                ticket_no     TEXT    NOT NULL,
                photo_id      TEXT    NOT NULL,
                format        TEXT    NOT NULL,
                width         INTEGER NOT NULL,
                height        INTEGER NOT NULL,
                length        BIGINT  NOT NULL,
                PRIMARY KEY (customer_code, request_key, seq)
            );
            CREATE INDEX ix_service_request_photos_ticket ON service_request_photos (ticket_no, photo_id);
            """),
        // Issue 24 item 2: the engineers' service reports from the phone page, keyed by the id the page made, so that a
        // report sent twice over a weak connection is stored once. The field actions' times are ticket history entries.
        (23, "service reports from the engineer's phone page (issue 24 item 2)", """
            CREATE TABLE service_reports (
                report_id   TEXT   NOT NULL PRIMARY KEY,
                ticket_no   TEXT   NOT NULL,
                engineer    TEXT   NOT NULL,
                received_at BIGINT NOT NULL,
                body        TEXT   NOT NULL
            );
            CREATE INDEX ix_service_reports_ticket ON service_reports (ticket_no, received_at);
            """),
        // Issue 24 item 3: spare parts requested on a ticket, with what the hub answered; the client's request id is
        // unique, so a resend is answered from here and nothing is recorded or sent twice.
        (24, "part requests (issue 24 item 3)", """
            CREATE TABLE part_requests (
                request_no   TEXT   NOT NULL PRIMARY KEY,
                request_id   TEXT   NOT NULL UNIQUE,
                ticket_no    TEXT   NOT NULL,
                requested_by TEXT   NOT NULL,
                requested_at BIGINT NOT NULL
            );
            CREATE INDEX ix_part_requests_ticket ON part_requests (ticket_no, requested_at);
            CREATE TABLE part_request_lines (
                request_no TEXT    NOT NULL,
                line_no    INTEGER NOT NULL,
                item_code  TEXT    NOT NULL,
                quantity   TEXT    NOT NULL,
                unit       TEXT    NULL,
                status     TEXT    NOT NULL,
                available  TEXT    NOT NULL,
                PRIMARY KEY (request_no, line_no)
            );
            """),
        // Issue 24 item 4: preventive maintenance. A plan's state per machine (the last interval ticketed, the counter's
        // corrections, the next due point the portal shows), and one row per interval that opened a ticket, whose
        // primary key makes the interval open its ticket once, on every node and across restarts.
        (25, "preventive maintenance: plan states and ticketed intervals (issue 24 item 4)", """
            CREATE TABLE maintenance_states (
                plan_id    TEXT   NOT NULL,
                asset_id   TEXT   NOT NULL,
                body       TEXT   NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (plan_id, asset_id)
            );
            CREATE INDEX ix_maintenance_states_asset ON maintenance_states (asset_id);
            CREATE TABLE maintenance_intervals (
                plan_id     TEXT   NOT NULL,
                asset_id    TEXT   NOT NULL,
                interval_no BIGINT NOT NULL,
                opened_at   BIGINT NOT NULL,
                PRIMARY KEY (plan_id, asset_id, interval_no)
            );
            """),
        // Issue 24 item 5: satisfaction surveys, one per ticket (ticket_no UNIQUE). A link is kept as the SHA-256 of its
        // random part only; the answer and the used-mark are one row's columns, written by one UPDATE, so they commit
        // together and a second submit of the link matches no row.
        (26, "satisfaction surveys of resolved tickets (issue 24 item 5)", """
            CREATE TABLE survey_invitations (
                id_hash             TEXT    NOT NULL PRIMARY KEY,
                ticket_no           TEXT    NOT NULL UNIQUE,
                customer_code       TEXT    NOT NULL,
                engineer            TEXT    NULL,
                category            TEXT    NOT NULL,
                resolved_at         BIGINT  NOT NULL,
                expires_at          BIGINT  NOT NULL,
                answered_at         BIGINT  NULL,
                rating              INTEGER NULL CHECK (rating BETWEEN 1 AND 5),
                score               INTEGER NULL CHECK (score BETWEEN 0 AND 10),
                comment             TEXT    NULL,
                follow_up_ticket_no TEXT    NULL
            );
            CREATE INDEX ix_survey_invitations_answered ON survey_invitations (answered_at) WHERE answered_at IS NOT NULL;
            """),
        // Issue 23 item 2: order milestones to customers and sales. Each milestone told is recorded once (order, kind,
        // reference); the detection's position in the CRM change feed starts at the feed's end, so that an existing
        // site's past shipments are not announced on upgrade; customers' choices from the portal.
        (27, "order milestones told, their detection's position, customers' choices (issue 23 item 2)", """
            CREATE TABLE order_milestones (
                order_no      TEXT   NOT NULL,
                milestone     TEXT   NOT NULL,
                reference     TEXT   NOT NULL,
                customer_code TEXT   NOT NULL,
                detected_at   BIGINT NOT NULL,
                PRIMARY KEY (order_no, milestone, reference)
            );
            CREATE TABLE milestone_cursor (
                epoch   TEXT   NOT NULL,
                last_id BIGINT NOT NULL
            );
            INSERT INTO milestone_cursor (epoch, last_id) SELECT epoch, (SELECT coalesce(max(id), 0) FROM crm_changes) FROM crm_feed;
            CREATE TABLE milestone_preferences (
                customer_code TEXT    NOT NULL PRIMARY KEY,
                shipped       INTEGER NOT NULL,
                delivered     INTEGER NOT NULL,
                late          INTEGER NOT NULL,
                channel       TEXT    NULL,
                updated_at    BIGINT  NOT NULL
            );
            """),
        // Issue 23 item 3: changes customers propose to their own data on the portal, and the desk's decisions. Values
        // before and after are JSON objects of field to text; a pending change is decided once (the UPDATE's WHERE).
        (28, "customers' own data changes proposed on the portal and decided by the desk (issue 23 item 3)", """
            CREATE TABLE customer_changes (
                change_id     TEXT   NOT NULL PRIMARY KEY,
                customer_code TEXT   NOT NULL,
                subject       TEXT   NOT NULL,
                action        TEXT   NOT NULL,
                target_id     TEXT   NULL,
                old_values    TEXT   NOT NULL,
                new_values    TEXT   NOT NULL,
                hints         TEXT   NULL,
                status        TEXT   NOT NULL,
                proposed_by   TEXT   NOT NULL,
                proposed_at   BIGINT NOT NULL,
                decided_by    TEXT   NULL,
                decided_at    BIGINT NULL,
                reason        TEXT   NULL
            );
            CREATE INDEX ix_customer_changes_customer ON customer_changes (customer_code, status);
            CREATE INDEX ix_customer_changes_status ON customer_changes (status, proposed_at);
            """),
        // Step 29 was never used (session 25 merged steps 28 and 30 from two branches at once) and must stay unused: a
        // store at 30 would apply a later 29 out of order. The next step is 31.
        // Issue 17 (import speed): an order's own row no longer goes into the order-number index. Its order_no is its
        // key, which the primary key indexes already, so the index held every order twice; on an import of orders each
        // row paid a random insert into a third b-tree, and each batch's commit wrote that b-tree's touched pages to the
        // WAL (measured with the sqlite3 shell, 100,000 order rows in batches of 2,000: a quarter less CPU, most of it
        // write system calls). Lookups by order number read the order by its key and its parts through this index
        // (SqliteHubStore.OrderSnapshotSql).
        (30, "the order-number index leaves out the orders, found by their key (issue 17, import speed)", """
            DROP INDEX ix_entities_order_no;
            CREATE INDEX ix_entities_order_no ON entities (order_no) WHERE order_no IS NOT NULL AND kind <> 'SalesOrder';
            """),
    ];
}
