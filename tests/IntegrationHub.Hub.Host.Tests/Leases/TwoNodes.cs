using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Leases;

/// <summary>
/// What the two-node tests of issue 18 item 1 share: the hub settings of a second node on the first one's database,
/// lease settings short enough for a test, the lease runner and status of one work, and waits for a condition.
/// </summary>
internal static class TwoNodes
{
    private static readonly string ErpSimulator = Path.Combine(TestHub.RepositoryRoot(), "deploy", "simulator", "erp-db");

    /// <summary>
    /// Short leases, so that a test does not wait the default 6 s for a dead node's lease to run out. Node A, which
    /// starts first and so holds every lease, tries again only every <paramref name="retryA"/> once it lost one: the
    /// other node, trying every 0.2 s, is the one that takes a lease over.
    /// </summary>
    public static string[] Leases(string node, TimeSpan? retryA = null) =>
    [
        $"--Hub:NodeId={node}",
        "--Hub:Leases:Duration=00:00:02",
        "--Hub:Leases:RenewInterval=00:00:00.500",
        string.Create(CultureInfo.InvariantCulture, $"--Hub:Leases:RetryInterval={(node == "node-a" && retryA is { } r ? r : TimeSpan.FromMilliseconds(200)):c}"),
    ];

    /// <summary>Starts node A on a fresh PostgreSQL database and node B on the same one, each with its own data folder.</summary>
    public static async Task<(TestHub A, TestHub B, string HubDatabase)> StartAsync(
        string folderA, string folderB, string[] settings, TimeSpan? retryA = null)
    {
        var hubDatabase = await TestStore.DatabaseAsync(folderA);
        var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, [.. settings, .. Leases("node-a", retryA)]);
        try
        {
            // B on A's database: the store settings are given here, as for a second node of one site.
            var b = await TestHub.StartInAsync(folderB,
                [.. settings, .. Leases("node-b"), "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={hubDatabase}"]);
            return (a, b, hubDatabase);
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    /// <summary>A database of the ERP simulator (deploy/simulator/erp-db), schema and seed loaded, on the shared server.</summary>
    public static async Task<string> CreateErpDatabaseAsync()
    {
        var erp = await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync("source_" + Guid.NewGuid().ToString("N")[..12]);
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(ErpSimulator, "schema.sql")));
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(ErpSimulator, "seed.sql")));
        return erp;
    }

    /// <summary>A fresh data folder with the ERP simulator's mapping of <paramref name="source"/> beside the demo's.</summary>
    public static string FolderWithErpMapping(string source)
    {
        var folder = TestHub.NewDataFolder();
        File.Copy(Path.Combine(ErpSimulator, "mappings", source + ".yaml"), Path.Combine(folder, "mappings", source + ".yaml"));
        return folder;
    }

    /// <summary>The lease runner of <paramref name="lease"/> on this node.</summary>
    public static LeasedWork Work(TestHub hub, string lease) =>
        hub.Services.GetServices<LeasedWork>().Single(w => w.Name == lease);

    /// <summary>The status source named <paramref name="name"/> on /health (the poller, the MES adapter, the file drop).</summary>
    public static IAdapterStatusSource Status(TestHub hub, string name) =>
        hub.Services.GetServices<IAdapterStatusSource>().Single(s => s.GetStatus().Name == name);

    /// <summary>
    /// Takes the lease away from its holder as a node that paused longer than the lease would find it: a newer token
    /// under another holder, already expired, so that the holder's next renewal fails and the next try takes it.
    /// </summary>
    public static Task StealAsync(string hubDatabase, string lease) =>
        ExecuteAsync(hubDatabase, $"UPDATE leases SET token = token + 1, holder = 'thief', expires_at = 0 WHERE name = '{lease}'");

    public static async Task<string> HealthAsync(TestHub hub)
    {
        using var response = await hub.Client.GetAsync("/health");
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until <paramref name="condition"/> holds; the 120 s are only a hang guard.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (!await condition())
        {
            try
            {
                // A poll interval inside a condition wait with a hang guard.
                await Task.Delay(100, hangGuard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("Waited in vain for " + what);
            }
        }
    }

    /// <inheritdoc cref="WaitUntilAsync(Func{Task{bool}}, string)"/>
    public static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);
}
