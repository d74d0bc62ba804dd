using IntegrationHub.Hub.Host.Hosting;
using System.Globalization;
using IntegrationHub.Crm.Core.Customers.Cleanup;
using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.Quality;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub customers duplicates</c>: merge proposals for the customer master, for a person to review; and
/// <c>hub quality report</c>: the data-quality report of what the store holds.
/// </summary>
internal static class CustomerCommands
{
    public static async Task<int> DuplicatesAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var minimum = DuplicateEvidence.DefaultMinimumScore;
        if (args.Option("min-score") is { } text
            && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out minimum) || minimum is <= 0 or > 1))
        {
            throw new CommandLineException($"--min-score '{text}' is not a number between 0 and 1, e.g. 0.75.");
        }

        var store = services.GetRequiredService<IHubStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var customers = await store.ListCustomersAsync(cancellationToken).ConfigureAwait(false);
        var byCode = customers.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var proposals = DuplicateFinder.Find(customers, minimum);
        foreach (var p in proposals)
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{p.Score:0.00}  keep {p.KeepCode} {byCode[p.KeepCode].Name}  <-  {p.DuplicateCode} {byCode[p.DuplicateCode].Name}")).ConfigureAwait(false);
            foreach (var reason in p.Reasons)
            {
                await console.Out.WriteLineAsync("      " + reason).ConfigureAwait(false);
            }

            foreach (var note in p.Notes)
            {
                await console.Out.WriteLineAsync("      note to keep: " + note).ConfigureAwait(false);
            }
        }

        await console.Out.WriteLineAsync($"{proposals.Count} merge proposal(s) among {customers.Count} customers (score >= {minimum.ToString(CultureInfo.InvariantCulture)}); nothing was merged.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    public static async Task<int> QualityAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IHubStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var metrics = await QualityReportBuilder.BuildAsync(store, services.GetRequiredService<HubOptions>().Quality, cancellationToken).ConfigureAwait(false);
        var i = CultureInfo.InvariantCulture;
        foreach (var m in metrics)
        {
            await console.Out.WriteLineAsync(QualityReportBuilder.Line(m)).ConfigureAwait(false);
        }

        if (args.Option("csv") is { } csv)
        {
            var rows = metrics.Select(m => string.Join(',', m.Name, m.Value.ToString("0.####", i), m.IsShare ? "share" : "count", m.Rating, Quote(m.Detail)));
            await File.WriteAllLinesAsync(csv, ["metric,value,unit,rating,detail", .. rows], new System.Text.UTF8Encoding(true), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"Written to {Path.GetFullPath(csv)}.").ConfigureAwait(false);
        }

        return metrics.Any(m => m.Rating == QualityRating.Red) ? HubCommandLine.ExitFailed : HubCommandLine.ExitOk;
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
