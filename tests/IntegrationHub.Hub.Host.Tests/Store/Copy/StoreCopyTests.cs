using System.Globalization;
using System.Net;
using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Copy;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Store.Copy;

/// <summary>
/// <c>hub store copy --to postgresql</c> (issue 17 item 5): a real SQLite site, filled by a real hub, into a real
/// PostgreSQL; refusals; and failures mid-copy that must leave the target empty.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreCopyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Copy_FilledSite_CopiesEveryTableRowForRow_AndAHubOnTheTargetServesTheCustomersOrder()
    {
        var (folder, token) = await CopySite.FillAsync();
        try
        {
            var target = await postgres.NewDatabaseAsync();

            var (code, output, error) = await CopyAsync(folder, target);

            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            Assert.Contains($"All {StoreCopyPlan.Tables.Count} tables copied and their counts verified", output, StringComparison.Ordinal);
            // Source rows, target rows, and the seconds the table took (issue 17 item 5: where a slow copy spends its time).
            Assert.Matches(@"(?m)^table\s+source rows\s+target rows\s+seconds$", output);
            Assert.Matches(@"(?m)^entities\s+([1-9]\d*)\s+\1\s+\d+\.\d{3}\s*$", output);

            // Every table, row for row and value for value, SQLite's bookkeeping aside.
            var sqlite = await CopySite.SqliteTablesAsync(folder);
            var copied = sqlite.Keys.Where(t => t is not "schema_migrations" and not "telemetry_rollup_progress" && !StoreCopyPlan.SqliteFeedTables.Contains(t)).ToList();
            Assert.Equal(
                [.. copied.Concat(["telemetry_rollup_pending", "schema_migrations", "crm_changes", "crm_feed", "crm_changes_pending", "crm_webhook_cursors", "milestone_cursor"]).Order(StringComparer.Ordinal)],
                (await CopySite.PostgresTablesAsync(target)).Order(StringComparer.Ordinal));
            var empty = new List<string>();
            foreach (var table in copied)
            {
                var select = $"SELECT {string.Join(", ", sqlite[table])} FROM {table}";
                var expected = await CopySite.SqliteRowsAsync(folder, select);
                if (expected.Count == 0)
                {
                    empty.Add(table);
                }

                Assert.Equal(expected, await CopySite.PostgresRowsAsync(target, select));
            }

            Assert.True(empty.Count == 0, $"The site has no row in {string.Join(", ", empty)}: the test would prove nothing of them.");

            // The CRM feed is not copied but made again by the target's triggers: every copied entity (telemetry's
            // latest values aside) and ticket once, under a new epoch, so a CRM's old cursor is refused, not misread.
            Assert.Equal(
                await CopySite.PostgresRowsAsync(target, "SELECT (SELECT count(*) FROM entities WHERE kind <> 'AssetMetric') + (SELECT count(*) FROM tickets)"),
                await CopySite.PostgresRowsAsync(target, "SELECT count(*) FROM crm_changes"));
            Assert.NotEqual(
                await CopySite.SqliteRowsAsync(folder, "SELECT epoch FROM crm_feed"),
                await CopySite.PostgresRowsAsync(target, "SELECT epoch FROM crm_feed"));

            // The readings SQLite had not rolled up are PostgreSQL's rollup queue.
            const string pending = "SELECT asset_id, metric, ts, value, unit FROM telemetry_readings";
            var notRolledUp = await CopySite.SqliteRowsAsync(folder, pending + " WHERE rowid > (SELECT raw_rowid FROM telemetry_rollup_progress)");
            Assert.Equal(2, notRolledUp.Count);
            Assert.Equal(notRolledUp, await CopySite.PostgresRowsAsync(target, "SELECT asset_id, metric, ts, value, unit FROM telemetry_rollup_pending"));

            // Readings of four days, each in its day partition.
            var days = await CopySite.PostgresRowsAsync(target, "SELECT DISTINCT tableoid::regclass::text FROM telemetry_readings WHERE metric = 'pressure'");
            Assert.Equal(4, days.Count);
            Assert.Equal(
                [.. Enumerable.Range(-3, 4).Select(d => "telemetry_readings_p" + CopySite.T0.AddDays(d).UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture))],
                days);

            // Some rows by content, as a reader would check them.
            const string order = "SELECT body FROM entities WHERE kind = 'SalesOrder' AND entity_key = 'SO-A-001'";
            Assert.Contains("SO-A-001", Assert.Single(await CopySite.PostgresRowsAsync(target, order)), StringComparison.Ordinal);
            Assert.Equal(await CopySite.SqliteRowsAsync(folder, order), await CopySite.PostgresRowsAsync(target, order));
            Assert.Equal(["EQ-1 | C001 | customer:noise", "EQ-2 | C002 | OVERHEAT"], await CopySite.PostgresRowsAsync(target, "SELECT asset_id, customer_code, alarm_code FROM tickets ORDER BY asset_id"));
            Assert.Equal(["C001 | copy-site-0001 | EQ-1 | spindle noise"], await CopySite.PostgresRowsAsync(target, "SELECT customer_code, request_key, asset_id, body FROM service_requests"));

            // A hub on the target: the customer's token and order, and the next ticket number after the copied ones.
            await using var hub = await TestHub.StartAsync("--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={target}");
            using (var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token)))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("SO-A-001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var foreign = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-001", token)))
            {
                Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
            }

            var counter = (await CopySite.SqliteRowsAsync(folder, "SELECT name, value FROM counters")).First().Split(" | ");
            await using var work = await hub.Services.GetRequiredService<IRulesStore>().BeginAsync(CancellationToken.None);
            Assert.Equal(long.Parse(counter[1], CultureInfo.InvariantCulture) + 1, await work.NextAsync(counter[0], CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Copy_TargetHoldsRows_RefusesAndLeavesItAsItWas()
    {
        var folder = await CopySite.SmallAsync();
        var target = await postgres.NewDatabaseAsync();
        await using (var other = new PostgresStoreProcess(target))
        {
            await other.Store.MigrateAsync(CancellationToken.None);
        }

        await PostgresServer.ExecuteAsync(target, "INSERT INTO counters (name, value) VALUES ('another-site', 7)");

        var (code, output, error) = await CopyAsync(folder, target);

        Assert.Equal(1, code);
        Assert.Contains("Store copy refused: The target database is not empty: counters hold rows", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was written to the target", error, StringComparison.Ordinal);
        Assert.DoesNotContain("tables copied", output, StringComparison.Ordinal);
        Assert.Equal(1, await CopySite.PostgresHubRowsAsync(target));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Copy_HubRunningOnTheSource_Refuses_EvenWhenItsPoolHasClosedItsConnections()
    {
        await using var hub = await TestHub.StartAsync();
        // What the pool does by itself to connections idle for minutes: a quiet hub may have none open but its lock.
        SqliteConnection.ClearAllPools();
        var target = await postgres.NewDatabaseAsync();

        var (code, _, error) = await CopyAsync(hub.DataFolder, target);

        Assert.Equal(1, code);
        Assert.Contains("is in use: a hub (or a hub admin command) has it open. Stop the hub first", error, StringComparison.Ordinal);
        // Refused before the target was touched: not even the schema.
        Assert.Empty(await CopySite.PostgresTablesAsync(target));
        using var live = await hub.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Copy_TargetRefusesAReadingMidCopy_LeavesTargetEmpty_AndNamesTableAndRow()
    {
        var folder = await CopySite.SmallAsync();
        var target = await MigratedTargetAsync();
        var partitions = await Sql.PartitionsAsync(target);
        // The third reading is refused, after entities and the first rows went in.
        await PostgresServer.ExecuteAsync(target, """
            CREATE FUNCTION refuse_reading() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.value = 1.7 THEN RAISE EXCEPTION 'the test refuses this reading'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_reading BEFORE INSERT ON telemetry_readings FOR EACH ROW EXECUTE FUNCTION refuse_reading();
            """);

        var (code, output, error) = await CopyAsync(folder, target);

        Assert.Equal(1, code);
        var ts = (CopySite.T0.AddDays(-1).ToUnixTimeMilliseconds() * 1000).ToString(CultureInfo.InvariantCulture);
        Assert.Contains($"Store copy failed: Table telemetry_readings, row (asset_id=EQ-1, metric=pressure, ts={ts})", error, StringComparison.Ordinal);
        Assert.Contains("the test refuses this reading", error, StringComparison.Ordinal);
        Assert.Contains("rolled back: the target holds none of the copied rows", error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^entities\s+([1-9]\d*)\s+\1\s+(\d+\.\d{3}|-)\s*$", output);
        Assert.Equal(0, await CopySite.PostgresHubRowsAsync(target));
        // The day partitions the copy made went with the rollback.
        Assert.Equal(partitions, await Sql.PartitionsAsync(target));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Copy_TargetDropsARowSilently_CountsDiffer_NothingCommitted()
    {
        var folder = await CopySite.SmallAsync();
        var target = await MigratedTargetAsync();
        await PostgresServer.ExecuteAsync(target, """
            CREATE FUNCTION drop_reading() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.value = 1.6 THEN RETURN NULL; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER drop_reading BEFORE INSERT ON telemetry_readings FOR EACH ROW EXECUTE FUNCTION drop_reading();
            """);

        var (code, output, error) = await CopyAsync(folder, target);

        Assert.Equal(1, code);
        Assert.Contains("Table telemetry_readings: the source holds 4 rows", error, StringComparison.Ordinal);
        Assert.Contains("the target holds 3 after the copy", error, StringComparison.Ordinal);
        // Source rows, target rows, the seconds it took (or "-"), and the mark.
        Assert.Matches(@"(?m)^telemetry_readings\s+4\s+3\s+(\d+\.\d{3}|-)\s+MISMATCH$", output);
        Assert.Equal(0, await CopySite.PostgresHubRowsAsync(target));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Copy_SourceAtAnotherSchemaVersion_RefusesWithWhatToDo()
    {
        var folder = await CopySite.SmallAsync();
        var target = await postgres.NewDatabaseAsync();
        // From the schema's own steps, not numbers written here: a new migration moves them (the lead may renumber).
        var latest = StoreCopyPlan.SqliteVersion;
        var previous = SchemaMigrations.All.Select(m => m.Version).Where(v => v < latest).Max();
        await CopySite.SqliteExecuteAsync(folder, $"DELETE FROM schema_migrations WHERE version = {latest}");

        var (older, _, olderError) = await CopyAsync(folder, target);

        Assert.Equal(1, older);
        Assert.Contains($"is at schema version {previous} (steps missing: {latest}); this hub copies version {latest}. Start this hub version once on the data folder", olderError, StringComparison.Ordinal);

        await CopySite.SqliteExecuteAsync(folder, $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({latest}, 'back', 0), ({latest + 1}, 'from a newer hub', 0)");

        var (newer, _, newerError) = await CopyAsync(folder, target);

        Assert.Equal(1, newer);
        Assert.Contains($"is at schema version {latest + 1}, newer than this hub copies ({latest})", newerError, StringComparison.Ordinal);
        Assert.Empty(await CopySite.PostgresTablesAsync(target));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Copy_WrongPassword_NamesTheSettingAndTheUser_NeverThePassword()
    {
        const string password = "Copy-Pa55-never-print-me";
        var folder = await CopySite.SmallAsync();
        var role = "cp_" + Guid.NewGuid().ToString("N")[..8];
        var database = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync()).Database!;
        await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(), $"CREATE ROLE {role} LOGIN PASSWORD 'the-right-one'");
        await PostgreSqlStartupErrorTests.RequirePasswordAsync(postgres, role);

        var (code, output, error) = await CopyAsync(folder, $"Host=127.0.0.1;Port={postgres.Server.Port};Database={database};Username={role};Password={password}");

        Assert.Equal(HubCommandLine.ExitBadConfiguration, code);
        Assert.Contains("hub store copy cannot use the target database", error, StringComparison.Ordinal);
        Assert.Contains($"Hub:Store:ConnectionString: the server refused the password of user '{role}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, output + error, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Copy_CancelledMidTable_ReportsProgressThenLeavesTargetEmpty()
    {
        var folder = await CopySite.SmallAsync();
        var target = await postgres.NewDatabaseAsync();
        using var cancel = new CancellationTokenSource();
        // Ctrl+C as the first progress line of the readings arrives (one row per COPY, a line per row).
        using var progress = new CancelOnLine("  telemetry_readings: 2 of 4 rows", cancel);
        var copier = new StoreCopier(new StoreCopyOptions { ChunkRows = 1, ProgressRows = 1 }, TimeProvider.System, NullLoggerFactory.Instance, progress);

        var result = await copier.CopyAsync(Path.Combine(folder, "hub.db"), target, cancel.Token);

        Assert.Equal(StoreCopyOutcome.Failed, result.Outcome);
        Assert.Contains("  telemetry_readings: 1 of 4 rows", progress.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("The copy was cancelled (Ctrl+C). The copy's transaction was rolled back: the target holds none of the copied rows", result.Problem, StringComparison.Ordinal);
        Assert.Equal(0, await CopySite.PostgresHubRowsAsync(target));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(int Code, string Output, string Error)> CopyAsync(string folder, string connectionString)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HubCommandLine.RunAsync(
            ["store", "copy", "--to", "postgresql", $"--Hub:DataFolder={folder}", $"--Hub:Store:ConnectionString={connectionString}"], output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<string> MigratedTargetAsync()
    {
        var target = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(target);
        await hub.Store.MigrateAsync(CancellationToken.None);
        return target;
    }

    /// <summary>A progress writer that cancels the copy when a given line is written, as Ctrl+C would mid-table.</summary>
    private sealed class CancelOnLine(string line, CancellationTokenSource cancel) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            if (value == line)
            {
                cancel.Cancel();
            }

            return Task.CompletedTask;
        }
    }
}
