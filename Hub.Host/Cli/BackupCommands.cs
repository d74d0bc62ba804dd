using System.Globalization;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Store.Backup;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub backup --to FILE</c> while the hub runs and <c>hub restore --from FILE [--replace]</c> into a stopped hub
/// (issue 19 item 3), on the embedded SQLite store. A PostgreSQL store is backed up with PostgreSQL's own tools.
/// </summary>
internal static class BackupCommands
{
    private const string PostgreSqlHint =
        "This hub's store is PostgreSQL (Hub:Store:Provider=postgresql): back it up with PostgreSQL's tools, which copy a consistent snapshot while the hub runs: pg_dump --format=custom --file=hub.dump \"$Hub__Store__ConnectionString\" (a connection URI or keyword=value string), and restore into an empty database with pg_restore --dbname=... hub.dump; or use the cluster's own backups (pg_basebackup, Patroni's). The data folder's photos/ is not in the database: copy it with the dump (tar -C <data folder> -cf photos.tar photos). See deploy/ha/README.md.";

    public static async Task<int> BackupAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var to = args.Option("to") ?? throw new CommandLineException("backup needs --to FILE (a new file; a backup never overwrites).");
        var options = services.GetRequiredService<HubOptions>();
        if (IsPostgreSql(options))
        {
            await console.Error.WriteLineAsync("Backup refused: " + PostgreSqlHint).ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        var store = options.Resolve(options.Store.SqlitePath);
        await console.Error.WriteLineAsync($"Backing up {store} to {BackupFiles.Show(Path.GetFullPath(to))} (the hub may keep running)").ConfigureAwait(false);
        try
        {
            var summary = await SqliteBackup.BackupAsync(store, to, options.Resolve(PhotoIntake.FolderName), (written, expected) => console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {written / 1048576.0:0.0} MiB of about {expected / 1048576.0:0.0} MiB written")), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await WriteTablesAsync(console.Out, summary).ConfigureAwait(false);
            foreach (var skipped in summary.Skipped ?? [])
            {
                await console.Error.WriteLineAsync("  not backed up: " + skipped).ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backup written to {BackupFiles.Show(summary.Path)}: schema version {summary.SchemaVersion}, {summary.Tables.Count} tables, {summary.Tables.Sum(t => t.Rows):N0} rows, {summary.Photos:N0} photos, {summary.Bytes / 1048576.0:0.0} MiB, checked by SQLite's quick_check, in {summary.Elapsed.TotalSeconds:0.0} s. It holds the store and photos/: keep appsettings.json and the data folder's mappings/, rules/ and notifications/ with it.")).ConfigureAwait(false);
            return HubCommandLine.ExitOk;
        }
        catch (StoreBackupException ex)
        {
            await console.Error.WriteLineAsync("Backup failed: " + ex.Message).ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var from = args.Option("from") ?? throw new CommandLineException("restore needs --from FILE (a file written by 'hub backup').");
        var options = services.GetRequiredService<HubOptions>();
        if (IsPostgreSql(options))
        {
            await console.Error.WriteLineAsync("Restore refused: " + PostgreSqlHint).ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        var store = options.Resolve(options.Store.SqlitePath);
        try
        {
            var result = await SqliteRestore.RestoreAsync(from, store, options.Resolve(PhotoIntake.FolderName), args.Flag("replace"), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await WriteTablesAsync(console.Out, result.Restored).ConfigureAwait(false);
            var kept = result.KeptAs is { } path ? $" The store it replaced is kept as {BackupFiles.Show(path)}." : string.Empty;
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Restored {BackupFiles.Show(Path.GetFullPath(from))} into {BackupFiles.Show(store)}: schema version {result.Restored.SchemaVersion} (the hub brings it to version {SchemaMigrations.Latest} when it starts), {result.Restored.Tables.Sum(t => t.Rows):N0} rows, {result.Restored.Photos:N0} photos (into photos/), in {result.Restored.Elapsed.TotalSeconds:0.0} s.{kept} Start the hub.")).ConfigureAwait(false);
            return HubCommandLine.ExitOk;
        }
        catch (StoreBackupException ex)
        {
            await console.Error.WriteLineAsync("Restore refused or failed: " + ex.Message).ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }
    }

    private static bool IsPostgreSql(HubOptions options) =>
        string.Equals(options.Store.Provider, StoreOptions.PostgreSql, StringComparison.OrdinalIgnoreCase);

    private static async Task WriteTablesAsync(TextWriter output, BackupSummary summary)
    {
        var width = Math.Max("table".Length, summary.Tables.Count == 0 ? 0 : summary.Tables.Max(t => t.Table.Length));
        await output.WriteLineAsync($"{"table".PadRight(width)}  {"rows",12}").ConfigureAwait(false);
        foreach (var (table, rows) in summary.Tables)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.PadRight(width)}  {rows,12:N0}")).ConfigureAwait(false);
        }
    }
}
