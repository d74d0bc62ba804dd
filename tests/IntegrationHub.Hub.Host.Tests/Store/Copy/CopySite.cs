using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.Copy;

/// <summary>
/// SQLite sites to move (issue 17 item 5), filled through the hub's own store API, and reading every row of a table on
/// either database, beside the stores, to compare them.
/// </summary>
internal static class CopySite
{
    /// <summary>Recent, so that no SLA target passes during the test (an escalation would add a mail).</summary>
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    /// <summary>
    /// A whole site, made by a real hub on SQLite: customers, orders, lines and work orders from files, a rejected row
    /// (dead letter), machines, an overheat that opened a ticket and mailed a real SMTP server (alarms, rule states,
    /// ticket history, counters, outbox), a desk user signed in (session), a portal token, readings over four days,
    /// rolled up but for the last, MQTT session state and a poll watermark. The hub is stopped when this returns.
    /// </summary>
    public static async Task<(string Folder, string PortalToken)> FillAsync()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = RulesHub.PrepareFolder(TestRules.Overheat);
        string token;
        await using (var hub = await TestHub.StartInAsync(folder, RulesHub.Settings(smtp)))
        {
            hub.KeepDataFolder = true;
            await PlantFiles.ImportAsync(hub);
            await hub.DropAsync("order_lines_bad.csv", """
                OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt
                SO-A-009,1,FL-200,Flange,lots,PCS,186.50,Q,2025-10-01 09:00:00

                """);
            await hub.WaitForInboxEmptyAsync();
            await RulesHub.SeedCustomersAsync(hub);

            await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(10), 96), (T0.AddSeconds(31), 97));
            await RulesHub.WaitForAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"alarmsRaised\":1", StringComparison.Ordinal), "the overheat raised");
            await RulesHub.SettledAsync(hub);
            using (await RulesHub.SignInAsync(hub))
            {
            }

            token = await hub.IssueTokenAsync("C001");
            // Issue 23 item 2: a shipment of SO-A-002 is a milestone told, recorded so that the copy keeps it.
            await hub.DropAsync("shipments.csv", """
                ShipmentNo,OrderNo,LineNo,Qty,Carrier,TrackingNo,ShippedAt,ETA,DeliveredAt,ModifiedAt
                SH-A-002,SO-A-002,1,100,顺丰速运 SF Express,SF000000002,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00

                """);
            await hub.WaitForInboxEmptyAsync();
            await RulesHub.WaitForAsync(async () => await hub.CountAsync("SELECT count(*) FROM order_milestones") > 0, "the shipped order's milestone recorded");
            // A CRM's API key (issue 23 item 1): copied, so that the CRM keeps reading after the move.
            Assert.Equal(0, (await hub.RunCommandAsync("crm", "issue-key", "--consumer", "site-crm", "--kinds", "all")).ExitCode);
            // A problem the customer reported, with a photo (issue 24 item 1): the request and its photo's id are copied.
            using var jpeg = new MemoryStream(IntegrationHub.Hub.Host.Tests.Photos.TestImages.Jpeg());
            var photo = await hub.Services.GetRequiredService<IntegrationHub.Hub.Host.Photos.PhotoIntake>().AcceptAsync(
                jpeg, "a.jpg", IntegrationHub.Hub.Host.Photos.PhotoOwner.Customer("C001"), CancellationToken.None);
            var reported = await hub.Services.GetRequiredService<IntegrationHub.Hub.Host.Portal.ServiceRequests.ServiceRequestIntake>().SubmitAsync(
                new IntegrationHub.Hub.Host.Portal.ServiceRequests.ServiceRequestDraft
                {
                    CustomerCode = "C001", AssetId = "EQ-1", Category = "noise", Text = "spindle noise", Channel = "portal", RequestKey = "copy-site-0001", Photos = [photo],
                },
                CancellationToken.None);
            Assert.Equal(IntegrationHub.Hub.Host.Portal.ServiceRequests.ServiceRequestStatus.Opened, reported.Status);

            await RulesHub.ReadingsAsync(hub, "EQ-1", "pressure", (T0.AddDays(-3), 1.5m), (T0.AddDays(-2), 1.6m), (T0.AddDays(-1), 1.7m), (T0, 1.8m));
            var history = hub.Services.GetRequiredService<ITelemetryHistoryStore>();
            while (await history.RollUpAsync(1000, CancellationToken.None) > 0)
            {
            }

            var mqtt = hub.Services.GetRequiredService<IMqttSessionStore>();
            var generation = await mqtt.StartNewSessionAsync("site-client", CancellationToken.None);
            await mqtt.AddOutgoingAsync("site-client", new MqttStoredPublish(7, 1, new byte[] { 0x32, 0x00, 0x01, 0xff }, false), CancellationToken.None);
            await mqtt.AddInboundQos2Async("site-client", 9, generation, CancellationToken.None);
            await hub.Services.GetRequiredService<IHubStore>().ApplyAsync([], [], new PollWatermark("erp-sql", "2026-12-01T00:00:00Z|42"), CancellationToken.None);
        }

        // With the hub stopped, through the store API: readings the rules stage has not taken yet (rule_inputs) and
        // that are not rolled up (PostgreSQL keeps those in its rollup queue), and a customer on hold for the ticket.
        var factory = new SqliteConnectionFactory(Path.Combine(folder, "hub.db"));
        var store = new SqliteHubStore(factory, TimeProvider.System, new StoreFeatures(QueueRuleInputs: true));
        try
        {
            await store.ApplyAsync(
            [
                new CanonicalChange(new AssetMetric { AssetId = "EQ-1", Metric = "pressure", Value = 1.9m, Timestamp = T0.AddSeconds(5) }, new SourceStamp("plant-telemetry", T0.AddSeconds(5))),
                new CanonicalChange(new AssetMetric { AssetId = "EQ-1", Metric = "pressure", Value = 2.0m, Timestamp = T0.AddSeconds(6) }, new SourceStamp("plant-telemetry", T0.AddSeconds(6))),
            ], [], CancellationToken.None);
            await using var work = await new SqliteRulesStore(factory).BeginAsync(CancellationToken.None);
            var ticket = Assert.Single(await work.OpenTicketsOfAssetAsync("EQ-2", CancellationToken.None));
            Assert.True(await work.AddHoldAsync("C002", ticket.TicketNo, T0.AddMinutes(1), CancellationToken.None));
            // Issue 24 item 4: a maintenance plan's state and a ticketed interval, copied so that no interval opens twice.
            await work.SaveMaintenanceStateAsync(
                new MaintenanceState { PlanId = "spindle-500h", AssetId = "EQ-1", LastInterval = 3, LastCounter = 1_612.5, RunningHours = 1_612.5, NextDueHours = 2_000, NextDueAt = T0.AddDays(40) },
                T0, CancellationToken.None);
            Assert.True(await work.ClaimMaintenanceIntervalAsync("spindle-500h", "EQ-1", 3, T0, CancellationToken.None));
            // Issue 24 item 5: the ticket's survey, answered and followed up, so that every column of its row is copied.
            var surveys = (IntegrationHub.Hub.Host.Surveys.ISurveyUnitOfWork)work;
            Assert.True(await surveys.AddSurveyInvitationAsync(new()
            {
                IdHash = "5e1f", TicketNo = ticket.TicketNo, CustomerCode = "C002", Engineer = "zhang.wei", Category = ticket.AlarmCode,
                ResolvedAt = T0.AddMinutes(2), ExpiresAt = T0.AddDays(30),
            }, CancellationToken.None));
            Assert.True(await surveys.AnswerSurveyAsync("5e1f", new(2, 5, "slow <b>"), T0.AddMinutes(3), CancellationToken.None));
            await surveys.SetSurveyFollowUpAsync("5e1f", "T-2026-999999", CancellationToken.None);
            // Issue 24 item 2: an engineer's service report from the phone page.
            Assert.True((await work.AddServiceReportAsync(new Hub.Host.Field.ServiceReport(
                "3f2b0c1e-8d4a-4e6f-9b1a-2c3d4e5f6a7b", ticket.TicketNo, "zhang.wei", T0.AddMinutes(2), "Replaced the valve.", 45,
                [new Hub.Host.Field.ServiceReportPart("VLV-12", 1m)], "Frau Müller"), CancellationToken.None)).Added);
            await work.CommitAsync(CancellationToken.None);
            // Issue 24 item 3: a part request on the ticket, copied so that a resend after the move gets the first answer.
            await using (var parts = await new SqlitePartRequestStore(factory).BeginAsync(CancellationToken.None))
            {
                Assert.True(await parts.AddPartRequestAsync(new IntegrationHub.Hub.Host.Parts.PartRequest
                {
                    RequestNo = "PR-2026-000001", RequestId = Guid.NewGuid().ToString(), TicketNo = ticket.TicketNo, RequestedBy = "eng-li", RequestedAt = T0,
                    Lines = [new("BRG-6204", 4, "available", 8, "pcs"), new("NOPE-1", 1.5m, "unknown", 0, null)],
                }, CancellationToken.None));
                await parts.CommitAsync(CancellationToken.None);
            }
            // A customer's milestone choice from the portal (issue 23 item 2).
            await new SqliteMilestoneStore(factory).SetPreferencesAsync(
                new IntegrationHub.Hub.Host.Milestones.MilestonePreferences { CustomerCode = "C002", Late = false, Channel = "mail", UpdatedAt = T0 }, CancellationToken.None);
            // Issue 23 item 3: a customer's change from the portal, decided, so that every column of its row is copied.
            var changes = new SqliteCustomerChangeStore(factory, TimeProvider.System);
            var change = new IntegrationHub.Hub.Host.Customers.SelfService.ProfileChange
            {
                ChangeId = "PC-copy-1", CustomerCode = "C002", Subject = "plans", Action = "edit", Old = new Dictionary<string, string?> { ["plans"] = null },
                New = new Dictionary<string, string?> { ["plans"] = "第二条产线 2026" }, Hints = ["values.email: a hint"], ProposedBy = "customer C002", ProposedAt = T0,
            };
            Assert.True(await changes.ProposeAsync(change, 20, CancellationToken.None));
            await changes.DecideAsync(change.ChangeId, (c, _, _) => new() { Decided = c with { Status = "rejected", DecidedBy = "sup", DecidedAt = T0.AddMinutes(1), Reason = "by mail" } }, CancellationToken.None);
        }
        finally
        {
            store.Dispose();
            SqliteConnection.ClearAllPools();
        }

        return (folder, token);
    }

    /// <summary>A small site made through the store API alone: two customers, a machine, readings over three days.</summary>
    public static async Task<string> SmallAsync()
    {
        var folder = TestHub.NewDataFolder();
        var store = new SqliteHubStore(new SqliteConnectionFactory(Path.Combine(folder, "hub.db")), TimeProvider.System);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            var stamp = new SourceStamp("erp", T0);
            await store.ApplyAsync(
            [
                new CanonicalChange(new Customer { Code = "C001", Name = "苏州精工机械有限公司", Tier = CustomerTier.Gold }, stamp),
                new CanonicalChange(new Customer { Code = "C002", Name = "Acme Packaging GmbH", Tier = CustomerTier.Standard }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-1", CustomerCode = "C001" }, stamp),
                .. new[] { 1.5m, 1.6m, 1.7m, 1.8m }.Select((v, i) => new CanonicalChange(
                    new AssetMetric { AssetId = "EQ-1", Metric = "pressure", Value = v, Timestamp = T0.AddDays(i - 3) }, new SourceStamp("plant-telemetry", T0.AddDays(i - 3)))),
            ], [], CancellationToken.None);
        }
        finally
        {
            store.Dispose();
            SqliteConnection.ClearAllPools();
        }

        return folder;
    }

    /// <summary>Runs one statement on the site's SQLite file.</summary>
    public static async Task SqliteExecuteAsync(string folder, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every table of the SQLite file (but SQLite's own) and its columns.</summary>
    public static async Task<Dictionary<string, List<string>>> SqliteTablesAsync(string folder)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!tables.TryGetValue(reader.GetString(0), out var columns))
            {
                tables[reader.GetString(0)] = columns = [];
            }

            columns.Add(reader.GetString(1));
        }

        return tables;
    }

    /// <summary>The rows a query gives on the SQLite file, each as text, sorted: a table's content, order aside.</summary>
    public static async Task<List<string>> SqliteRowsAsync(string folder, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        return await RowsAsync(reader);
    }

    /// <summary>The same on PostgreSQL.</summary>
    public static async Task<List<string>> PostgresRowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await RowsAsync(reader);
    }

    /// <summary>The hub tables of the PostgreSQL database (partitions aside).</summary>
    public static async Task<List<string>> PostgresTablesAsync(string connectionString) =>
        (await PostgresRowsAsync(connectionString, """
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """)).ToList();

    /// <summary>Rows in every hub table of the PostgreSQL database, but its migration record.</summary>
    public static async Task<long> PostgresHubRowsAsync(string connectionString)
    {
        long rows = 0;
        // The CRM feed's head row (crm_feed) and the milestone detection's position in it are made by the migration, like
        // the migration record.
        foreach (var table in (await PostgresTablesAsync(connectionString)).Where(t => t is not "schema_migrations" and not "crm_feed" and not "milestone_cursor"))
        {
            rows += long.Parse((await PostgresRowsAsync(connectionString, $"SELECT count(*) FROM {table}")).Single(), CultureInfo.InvariantCulture);
        }

        return rows;
    }

    private static async Task<List<string>> RowsAsync(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "<null>" : reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    int n => n.ToString(CultureInfo.InvariantCulture),
                    long n => n.ToString(CultureInfo.InvariantCulture),
                    var other => Convert.ToString(other, CultureInfo.InvariantCulture)!,
                };
            }

            rows.Add(string.Join(" | ", values));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
