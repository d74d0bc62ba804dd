using IntegrationHub.Adapters.Files;
using IntegrationHub.Adapters.Files.Csv;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary><c>hub mappings ...</c>: check mapping files and try one on a sample before deploying it.</summary>
internal static class MappingCommands
{
    public static async Task<int> CheckAsync(IServiceProvider services, CommandConsole console)
    {
        var options = services.GetRequiredService<HubOptions>();
        var folder = options.Resolve(options.MappingsFolder);
        var result = HubMappings.Load(folder);
        foreach (var error in result.Errors)
        {
            await console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        if (!result.IsValid || result.Catalog is null)
        {
            await console.Error.WriteLineAsync($"{result.Errors.Count} problem(s) in {folder}; the hub will not start until they are fixed.")
                .ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        foreach (var mapping in result.Catalog.Mappings)
        {
            await console.Out.WriteLineAsync(
                $"{mapping.Source,-20} -> {Targets(mapping),-18} {Path.GetFileName(mapping.FilePath)}{(mapping.File is { } f ? $"  (files: {f.Match}, {f.Encoding})" : string.Empty)}")
                .ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync($"{result.Catalog.Mappings.Count} mapping(s) in {folder} are valid.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    /// <summary>Prints, for each row of the sample, the canonical record the mapping makes of it, or every error.</summary>
    public static async Task<int> TestAsync(string mappingFile, string sampleFile, CommandConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(mappingFile))
        {
            throw new CommandLineException($"The mapping file '{mappingFile}' does not exist.");
        }

        if (!File.Exists(sampleFile))
        {
            throw new CommandLineException($"The sample file '{sampleFile}' does not exist.");
        }

        var result = MappingCatalog.Load([mappingFile]);
        if (!result.IsValid || result.Catalog is null)
        {
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            return HubCommandLine.ExitFailed;
        }

        var mapping = result.Catalog.Mappings[0];
        var binding = new FileSourceBinding(mapping.Source, "*", mapping.File?.Encoding ?? "auto", mapping.File?.Delimiter ?? ',');
        var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(sampleFile), TimeSpan.Zero);
        int mapped = 0, failed = 0;
        try
        {
            await foreach (var chunk in CsvFileReader.ReadAsync(sampleFile, binding, 500, receivedAt, cancellationToken).ConfigureAwait(false))
            {
                var lines = chunk.Records.Select(r => (Line: FileReference.LineOf(r.Reference), Reference: r.Reference, Text: Describe(mapping.Map(r))))
                    .Concat(chunk.Rejected.Select(r => (r.Line, Reference: $"{r.File}:{r.Line}", Text: $"ERROR  {r.Reason}")))
                    .OrderBy(l => l.Line)
                    .Select(l => (l.Reference, l.Text));
                foreach (var (reference, text) in lines)
                {
                    await console.Out.WriteLineAsync($"{reference}  {text}").ConfigureAwait(false);
                    if (text.StartsWith("OK", StringComparison.Ordinal))
                    {
                        mapped++;
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
        }
        catch (UnreadableFileException ex)
        {
            await console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        await console.Out.WriteLineAsync($"{mapped + failed} rows: {mapped} mapped, {failed} failed ({mapping.Source} -> {Targets(mapping)}).")
            .ConfigureAwait(false);
        return failed == 0 ? HubCommandLine.ExitOk : HubCommandLine.ExitFailed;
    }

    // A several-target mapping's row shows each entity on its own line: "SalesOrder + SalesOrderLine".
    private static string Targets(SourceMapping mapping) => string.Join(" + ", mapping.Targets.Select(t => t.Kind));

    private static string Describe(MappedRecord record) => record.Succeeded
        ? string.Join(Environment.NewLine + "       ", record.Changes.Select(c => $"{c.Entity.Kind} {c.Entity.Key} @ {HubCommandLine.Format(c.Stamp.Timestamp)} {EntityJson.Serialize(c.Entity)}"))
            .Insert(0, "OK     ")
        : $"ERROR  {string.Join("; ", record.Errors)}";
}
