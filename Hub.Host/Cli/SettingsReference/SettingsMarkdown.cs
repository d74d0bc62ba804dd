using System.Text;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>
/// docs/configuration.md: a page per reference, a table per section. Line ends are always <c>\n</c> and nothing depends
/// on the machine or the time, so the committed file and a fresh one are equal byte for byte when the types are.
/// </summary>
internal static class SettingsMarkdown
{
    /// <summary>The command that refreshes the committed reference, run from the repository's root.</summary>
    public const string RefreshCommand = "dotnet run --project Hub.Host -- settings reference --to \"$PWD/docs/configuration.md\"";

    public static string Write(IReadOnlyList<SettingsSection> sections)
    {
        var page = new StringBuilder();
        Line(page, "# Configuration reference");
        Line(page);
        Line(page, $"Generated from the option types and their XML doc comments by `hub settings reference` (in the repository: `{RefreshCommand}`): do not edit it by hand; a test fails when it differs from the types. On a site, `hub settings reference` prints the reference of the installed version.");
        Line(page);
        Line(page, $"Settings come from `appsettings.json` beside the `hub` executable, then environment variables (`:` written as `__`: `Hub__Mqtt__Port=1883`), then the command line (`--Hub:Mqtt:Port=1883`). Relative paths are relative to `Hub:DataFolder`. A key under `Hub:` that no option reads stops the hub at start, naming the nearest known key, and so do invalid values, all listed at once, in `hub run` and in every admin command (exit code 2). `deploy/appsettings.example.json` holds every setting with its default (and, under `Examples:Hub`, which the hub does not read, examples of the lists and maps); a test keeps it in step with the option types. Besides these, `urls` (ASP.NET Core's own setting) says where the HTTP server listens: `{HubApplication.DefaultUrl}` unless given.");
        Line(page);
        Line(page, "How values are written: a duration as `[d.]hh:mm:ss[.fff]` (`00:00:06` is 6 seconds, `7.00:00:00` a week); a date as `yyyy-MM-dd`; a list's entries numbered from 0 (`<n>`: `Hub:Sql:Sources:0:Name`, in the environment `Hub__Sql__Sources__0__Name`); a map's entries under a key of your choice (`<name>`). Secrets (passwords, tokens, connection strings) belong in the environment, not in a settings file.");
        Line(page);
        Line(page, "## Sections");
        Line(page);
        foreach (var section in sections)
        {
            Line(page, $"- [`{section.Path}`](#{Anchor(section.Path)})");
        }

        foreach (var section in sections)
        {
            Line(page);
            Line(page, $"## `{section.Path}`");
            Line(page);
            Line(page, $"Option type `{section.OptionType.Name}`." + (section.Description.Length > 0 ? " " + section.Description : string.Empty));
            if (section.Settings.Count == 0)
            {
                continue;
            }

            Line(page);
            Line(page, "| Setting | Type | Default | Description |");
            Line(page, "|---|---|---|---|");
            foreach (var setting in section.Settings)
            {
                Line(page, $"| {XmlDocumentation.Code(setting.Key)} | {setting.Type} | {setting.Default} | {setting.Description} |");
            }
        }

        return page.ToString();
    }

    /// <summary>The anchor a Markdown renderer (GitHub's) gives a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    public static string Anchor(string heading)
    {
        var anchor = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                anchor.Append(c);
            }
            else if (c == ' ')
            {
                anchor.Append('-');
            }
        }

        return anchor.ToString();
    }

    private static void Line(StringBuilder page, string text = "") => page.Append(text).Append('\n');
}
