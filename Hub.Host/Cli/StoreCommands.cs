using System.Globalization;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store.Copy;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub store copy --to postgresql</c> (issue 17 item 5): moves a stopped hub's SQLite store (the data folder's
/// database, Hub:Store:SqlitePath) into the empty PostgreSQL database of Hub:Store:ConnectionString, and prints the
/// rows of each table on both sides. Exit code 0 only when every table's counts match and the copy is committed.
/// </summary>
internal static class StoreCommands
{
    public static async Task<int> CopyAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var to = args.Option("to") ?? throw new CommandLineException("store copy needs --to postgresql.");
        if (!string.Equals(to, StoreOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandLineException($"--to '{to}' is not a store the hub copies to; the one target is postgresql (the source is the SQLite store).");
        }

        var options = services.GetRequiredService<HubOptions>();
        var copier = new StoreCopier(new StoreCopyOptions(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>(), console.Error);
        var result = await copier.CopyAsync(options.Resolve(options.Store.SqlitePath), options.Store.ConnectionString, cancellationToken).ConfigureAwait(false);

        if (result.Tables.Count > 0)
        {
            await WriteCountsAsync(console.Out, result.Tables).ConfigureAwait(false);
        }

        if (result.Outcome == StoreCopyOutcome.Copied)
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"All {result.Tables.Count} tables copied and their counts verified: {result.Rows:N0} rows in {result.Elapsed:hh\\:mm\\:ss}. Start the hub with Hub:Store:Provider=postgresql and the same Hub__Store__ConnectionString; keep the SQLite store until the site runs well.")).ConfigureAwait(false);
            return HubCommandLine.ExitOk;
        }

        await console.Error.WriteLineAsync((result.Outcome == StoreCopyOutcome.Refused ? "Store copy refused: " : "Store copy failed: ") + result.Problem).ConfigureAwait(false);
        return HubCommandLine.ExitFailed;
    }

    private static async Task WriteCountsAsync(TextWriter output, IReadOnlyList<TableCount> tables)
    {
        var width = Math.Max("table".Length, tables.Max(t => t.Table.Length));
        await output.WriteLineAsync($"{"table".PadRight(width)}  {"source rows",12}  {"target rows",12}  {"seconds",9}").ConfigureAwait(false);
        foreach (var table in tables)
        {
            var target = table.TargetRows is { } rows ? rows.ToString("N0", CultureInfo.InvariantCulture) : "-";
            var mark = table.Matches ? string.Empty : "  MISMATCH";
            // How long each table took (issue 17 item 5's copy speed): which table a slow copy spends its time on.
            var seconds = table.Elapsed is { } elapsed ? elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "-";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{table.Table.PadRight(width)}  {table.SourceRows,12:N0}  {target,12}  {seconds,9}{mark}")).ConfigureAwait(false);
        }
    }
}
