using IntegrationHub.Hub.Host.Cli.SettingsReference;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub settings reference [--to FILE]</c>: every setting of this build with its type, default and description, as
/// Markdown (issue 19 item 6). It reads no settings and opens no store, so it works on a site whose settings are wrong.
/// The repository's docs/configuration.md is its output, checked by a test.
/// </summary>
internal static class SettingsReferenceCommand
{
    public static async Task<int> RunAsync(CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var docs = new XmlDocumentation();
        var sections = SettingsCatalog.Build(SettingsRoots.All, docs);
        var markdown = SettingsMarkdown.Write(sections);
        foreach (var missing in docs.Missing)
        {
            await console.Error.WriteLineAsync($"The documentation file {missing} is missing beside its assembly: the descriptions of its settings are left empty.").ConfigureAwait(false);
        }

        if (args.Option("to") is not { } to)
        {
            await console.Out.WriteAsync(markdown).ConfigureAwait(false);
            return HubCommandLine.ExitOk;
        }

        await File.WriteAllTextAsync(to, markdown, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Wrote {sections.Sum(s => s.Settings.Count)} settings in {sections.Count} sections to {Path.GetFullPath(to)}.").ConfigureAwait(false);
        return docs.Missing.Count == 0 ? HubCommandLine.ExitOk : HubCommandLine.ExitFailed;
    }
}
