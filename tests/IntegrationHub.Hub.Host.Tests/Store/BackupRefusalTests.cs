using System.Diagnostics;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Issue 19 item 3, the hostile and mistaken cases: each is refused with a message naming what and where, leaves no
/// partial file, and leaves the store and any existing file as they were.
/// </summary>
public sealed class BackupRefusalTests : IAsyncLifetime
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("hub-backup-refusals-").FullName;
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task Backup_TargetExists_AsFileDanglingLinkOrFifo_Refused_Untouched()
    {
        var file = Path.Combine(_scratch, "exists.db");
        await File.WriteAllTextAsync(file, "keep me");
        var link = Path.Combine(_scratch, "dangling.db");
        File.CreateSymbolicLink(link, Path.Combine(_scratch, "nowhere.db"));
        var fifo = Path.Combine(_scratch, "fifo.db");
        MakeFifo(fifo);

        foreach (var target in new[] { file, link, fifo })
        {
            var (code, _, error) = await _hub.RunCommandAsync("backup", "--to", target);

            Assert.Equal(1, code);
            Assert.Contains($"--to {target} already exists", error, StringComparison.Ordinal);
            Assert.False(File.Exists(target + ".partial"));
        }

        Assert.Equal("keep me", await File.ReadAllTextAsync(file));
        Assert.False(File.Exists(Path.Combine(_scratch, "nowhere.db")));
    }

    [Fact]
    public async Task Backup_TargetIsTheStoreOrItsWal_OrInAMissingFolder_Refused()
    {
        var store = Path.Combine(_hub.DataFolder, "hub.db");
        var before = new FileInfo(store).Length;

        var (code, _, error) = await _hub.RunCommandAsync("backup", "--to", store);
        Assert.Equal(1, code);
        Assert.Contains("is the store's own file", error, StringComparison.Ordinal);

        (code, _, error) = await _hub.RunCommandAsync("backup", "--to", store + "-wal");
        Assert.Equal(1, code);
        Assert.Contains("is the store's own file", error, StringComparison.Ordinal);

        (code, _, error) = await _hub.RunCommandAsync("backup", "--to", Path.Combine(_scratch, "no", "such", "x.db"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.True(new FileInfo(store).Length >= before);
        Assert.Equal(1, await _hub.CountAsync("SELECT count(*) FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task Backup_PathWithControlCharacters_ShownEscaped_NotWrittenToTheTerminal()
    {
        var target = Path.Combine(_scratch, "evil\u001b[2Jname.db");
        await File.WriteAllTextAsync(target, "x");

        var (code, _, error) = await _hub.RunCommandAsync("backup", "--to", target);

        Assert.Equal(1, code);
        Assert.Contains("evil\\u001b[2Jname.db", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public async Task Backup_OfAFolderWithoutStore_Refused_NoStoreCreated()
    {
        var empty = Directory.CreateTempSubdirectory("hub-nostore-").FullName;
        try
        {
            var (code, _, error) = await BackupRestoreTests.RunAsync(empty, "backup", "--to", Path.Combine(_scratch, "b.db"));

            Assert.Equal(1, code);
            Assert.Contains("There is no SQLite store at", error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(empty, "hub.db")));
            Assert.False(File.Exists(Path.Combine(_scratch, "b.db")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_FromAFifoATextFileAnotherDatabaseOrADamagedOne_Refused_NothingWritten()
    {
        var fifo = Path.Combine(_scratch, "fifo.db");
        MakeFifo(fifo);
        var text = Path.Combine(_scratch, "notes.db");
        await File.WriteAllTextAsync(text, new string('x', 4096));
        var other = Path.Combine(_scratch, "other.db");
        await ExecuteAsync(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
        var damaged = await DamagedBackupAsync();

        var cases = new (string File, string Expected)[]
        {
            (fifo, "is not an SQLite database (0 bytes; not a regular file, or empty)"),
            (text, "is not an SQLite database (its first bytes are not SQLite's header)"),
            (other, "is an SQLite database but not a hub store"),
            (damaged, "damaged"),
            (Path.Combine(_scratch, "missing.db"), "There is no file"),
        };
        foreach (var (file, expected) in cases)
        {
            await RestoreRefusedAsync(file, expected);
        }
    }

    [Fact]
    public async Task Restore_BackupOfANewerHub_Refused()
    {
        var backup = Path.Combine(_scratch, "newer.db");
        Assert.Equal(0, (await _hub.RunCommandAsync("backup", "--to", backup)).ExitCode);
        await ExecuteAsync(backup, $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({SchemaMigrations.Latest + 1}, 'newer', 0)");
        await RestoreRefusedAsync(backup, $"was made by a newer hub (schema version {SchemaMigrations.Latest + 1}; this hub knows up to {SchemaMigrations.Latest})");
    }

    // A restore of file into a new, empty data folder: refused (exit code 1) with the expected reason, nothing written.
    private static async Task RestoreRefusedAsync(string file, string expected)
    {
        var target = Directory.CreateTempSubdirectory("hub-restore-").FullName;
        try
        {
            var (code, _, error) = await BackupRestoreTests.RunAsync(target, "restore", "--from", file);

            Assert.True(code == 1, $"{file}: exit {code}");
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(target));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_Replace_WhileTheHubRuns_Refused_TheRunningHubKeepsItsStore()
    {
        var backup = Path.Combine(_scratch, "b.db");
        Assert.Equal(0, (await _hub.RunCommandAsync("backup", "--to", backup)).ExitCode);
        await _hub.Services.GetRequiredService<IHubStore>().ApplyAsync(BackupRestoreTests.Orders(7), [], CancellationToken.None);

        var (code, _, error) = await _hub.RunCommandAsync("restore", "--from", backup, "--replace");

        Assert.Equal(1, code);
        Assert.Contains("is in use: a hub (or a hub command) has it open. Stop the hub", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_hub.DataFolder, "hub.db.before-restore-*"));
        Assert.Empty(Directory.GetFiles(_hub.DataFolder, "hub.db.restoring"));
        // The hub writes on, and what it wrote before is there.
        await _hub.Services.GetRequiredService<IHubStore>().ApplyAsync(BackupRestoreTests.Orders(8), [], CancellationToken.None);
        Assert.Equal(400, await _hub.CountAsync("SELECT count(*) FROM entities WHERE entity_key LIKE 'SO-BK-%'"));
    }

    [Fact]
    public async Task BackupAndRestore_OnPostgreSql_RefusedWithThePgDumpHint()
    {
        await using var hub = await TestHub.StartAsync(TestStore.PostgreSql);

        var (code, _, error) = await hub.RunCommandAsync("backup", "--to", Path.Combine(_scratch, "pg.db"));
        Assert.Equal(1, code);
        Assert.Contains("Backup refused: This hub's store is PostgreSQL", error, StringComparison.Ordinal);
        Assert.Contains("pg_dump --format=custom", error, StringComparison.Ordinal);

        (code, _, error) = await hub.RunCommandAsync("restore", "--from", Path.Combine(_scratch, "pg.db"));
        Assert.Equal(1, code);
        Assert.Contains("pg_restore", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_scratch, "pg.db")));
    }

    private async Task<string> DamagedBackupAsync()
    {
        var backup = Path.Combine(_scratch, "damaged.db");
        await PlantFiles.ImportAsync(_hub);
        Assert.Equal(0, (await _hub.RunCommandAsync("backup", "--to", backup)).ExitCode);
        // Overwrites the middle of the file (past the header page) with garbage: pages of tables and indexes.
        var bytes = await File.ReadAllBytesAsync(backup);
        for (var i = 4096; i < bytes.Length - 4096; i++)
        {
            bytes[i] = 0x5A;
        }

        await File.WriteAllBytesAsync(backup, bytes);
        return backup;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
