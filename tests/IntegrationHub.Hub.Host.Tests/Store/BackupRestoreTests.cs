using System.Globalization;
using System.Net;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Issue 19 item 3: <c>hub backup</c> while the hub writes, <c>hub restore</c> into a new data folder, and a hub started
/// on the restored store holds every entity of the backup. The refusals are in BackupRefusalTests.
/// </summary>
public sealed class BackupRestoreTests
{
    private const int Batch = 200;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Backup_WhileTheStoreIsWritten_IsOneTransactionsSnapshot_RestoredHubHoldsEveryEntityOfIt()
    {
        var backups = Directory.CreateTempSubdirectory("hub-backups-").FullName;
        var backup = Path.Combine(backups, "hub-backup.db");
        var restoredFolder = TestHub.NewDataFolder();
        await using var source = await TestHub.StartAsync();
        await PlantFiles.ImportAsync(source);
        var token = await source.IssueTokenAsync("C001");
        var store = source.Services.GetRequiredService<IHubStore>();

        // Orders written in transactions of 200 while the backup runs: a consistent copy holds whole batches only.
        var backupDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchesBefore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            var written = 0;
            for (; written < 5_000 && !backupDone.Task.IsCompleted; written++)
            {
                await store.ApplyAsync(Orders(written), [], CancellationToken.None);
                if (written == 2)
                {
                    batchesBefore.TrySetResult();
                }
            }

            // One more after the backup ended, so the source is known to have moved on past the copy.
            await store.ApplyAsync(Orders(written), [], CancellationToken.None);
            return written + 1;
        });
        await batchesBefore.Task.WaitAsync(TimeSpan.FromSeconds(120));

        var (code, output, error) = await source.RunCommandAsync("backup", "--to", backup);
        backupDone.TrySetResult();
        var batches = await writer.WaitAsync(TimeSpan.FromSeconds(120));

        try
        {
            Assert.True(code == 0, $"backup exit {code}: {error}");
            Assert.Contains("Backup written to " + backup, output, StringComparison.Ordinal);
            Assert.Contains("checked by SQLite's quick_check", output, StringComparison.Ordinal);
            Assert.False(File.Exists(backup + ".partial"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
            }

            var inBackup = await KeysAsync(backup);
            var written = inBackup.Count(k => k.StartsWith("SalesOrder|SO-BK-", StringComparison.Ordinal));
            Assert.True(written % Batch == 0, $"{written} backed-up orders of the writer: not whole transactions");
            Assert.InRange(written / Batch, 3, batches - 1);
            Assert.Equal(batches * Batch, await source.CountAsync("SELECT count(*) FROM entities WHERE entity_key LIKE 'SO-BK-%' AND kind = 'SalesOrder'"));

            (code, output, error) = await RunAsync(restoredFolder, "restore", "--from", backup);
            Assert.True(code == 0, $"restore exit {code}: {error}");
            Assert.Contains("Restored " + backup, output, StringComparison.Ordinal);

            await using var restored = await TestHub.StartInAsync(restoredFolder);
            var inRestored = await KeysAsync(Path.Combine(restoredFolder, "hub.db"));
            Assert.Equal(inBackup.Order(StringComparer.Ordinal), inRestored.Order(StringComparer.Ordinal));
            // The token issued on the source opens its orders on the restored hub: tokens are in the store.
            using var response = await restored.Client.SendAsync(restored.Get("/api/portal/orders/SO-A-001", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(backups, recursive: true);
            DeleteIfThere(restoredFolder);
        }
    }

    [Fact]
    public async Task Restore_Replace_IntoAStoppedHub_OldStoreKeptAside_RestoredStoreInPlace()
    {
        var backups = Directory.CreateTempSubdirectory("hub-backups-").FullName;
        var backup = Path.Combine(backups, "before.db");
        var folder = TestHub.NewDataFolder();
        try
        {
            await using (var hub = await TestHub.StartInAsync(folder))
            {
                hub.KeepDataFolder = true;
                await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(Orders(0), [], CancellationToken.None);
                Assert.Equal(0, (await hub.RunCommandAsync("backup", "--to", backup)).ExitCode);
                await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(Orders(1), [], CancellationToken.None);
            }

            var (code, _, error) = await RunAsync(folder, "restore", "--from", backup);
            Assert.Equal(1, code);
            Assert.Contains("already has a store", error, StringComparison.Ordinal);

            (code, var output, error) = await RunAsync(folder, "restore", "--from", backup, "--replace");

            Assert.True(code == 0, $"restore exit {code}: {error}");
            var kept = Assert.Single(Directory.GetFiles(folder, "hub.db.before-restore-*"));
            Assert.Contains("kept as " + kept, output, StringComparison.Ordinal);
            Assert.Equal(2 * Batch, (await KeysAsync(kept)).Count(k => k.Contains("SO-BK-", StringComparison.Ordinal)));
            Assert.False(File.Exists(Path.Combine(folder, "hub.db-wal")));
            await using var restored = await TestHub.StartInAsync(folder);
            Assert.Equal(Batch, await restored.CountAsync("SELECT count(*) FROM entities WHERE entity_key LIKE 'SO-BK-%'"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(backups, recursive: true);
            DeleteIfThere(folder);
        }
    }

    internal static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dataFolder, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HubCommandLine.RunAsync([.. args, $"--Hub:DataFolder={dataFolder}"], output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    internal static List<CanonicalChange> Orders(int batch) =>
    [
        .. Enumerable.Range(0, Batch).Select(i => new CanonicalChange(
            new SalesOrder { OrderNo = string.Create(CultureInfo.InvariantCulture, $"SO-BK-{batch:D4}-{i:D3}"), CustomerCode = "C001", OrderDate = T0, Status = SalesOrderStatus.Open },
            new SourceStamp("erp-orders", T0, "backup-test")))
    ];

    // A test hub deletes its data folder when disposed; one that failed before starting leaves it.
    private static void DeleteIfThere(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<string>> KeysAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind || '|' || entity_key || '|' || body FROM entities";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
