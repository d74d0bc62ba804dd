using System.Text.RegularExpressions;
using IntegrationHub.Hub.Host.Cli.SettingsReference;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Docs;

/// <summary>
/// README.md and docs/ (issue 19 item 6) point at files and headings that exist, so moving a page or renaming a heading
/// cannot leave a reader at a dead link; and README keeps the two commands CI and the project rules depend on.
/// </summary>
public sealed partial class DocsLinksTests
{
    private static string Root => TestHub.RepositoryRoot();

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>("README.md");
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(Root, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLink_PointsAtAFileAndHeadingThatExist(string page)
    {
        var path = Path.Combine(Root, page);
        var broken = new List<string>();
        foreach (var target in Links(File.ReadAllText(path)))
        {
            var (file, anchor) = target.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, null);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: {Path.GetRelativePath(Root, resolved)} does not exist");
            }
            else if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                broken.Add($"{target}: {Path.GetRelativePath(Root, resolved)} has no heading with the anchor #{anchor}");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void TheChecks_FindABrokenFileAndABrokenAnchor()
    {
        var links = Links("See [a](docs/a.md#one-two) and `[not](a link.md)` and [web](https://example.org/x) and\n```\n[code](nothing.md)\n```\n![pic](docs/images/p.png)");

        Assert.Equal(["docs/a.md#one-two", "docs/images/p.png"], links);
        Assert.Equal(["one-two", "hubsqlsourcesn", "one-two-1"], Anchors("# One: two\ntext\n## `Hub:Sql:Sources:<n>`\n```\n# not a heading\n```\n### One two\n"));
    }

    [Fact]
    public void Readme_KeepsTheDemoAndTestSuiteCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        // .ci/run calls ./deploy/test.sh; the project's rules quote both lines.
        Assert.Contains("./deploy/demo.sh      # run the hub on the embedded default (SQLite) with the demo plant\n", readme, StringComparison.Ordinal);
        Assert.Contains("./deploy/test.sh      # run the whole test suite\n", readme, StringComparison.Ordinal);
    }

    // Markdown links and images outside code, except those to other sites.
    private static List<string> Links(string markdown) =>
        LinkRegex().Matches(WithoutCode(markdown)).Select(m => m.Groups[1].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .ToList();

    // The anchors a renderer gives the headings (GitHub's way): link text kept, a repeated anchor numbered.
    private static List<string> Anchors(string markdown)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new List<string>();
        foreach (Match heading in HeadingRegex().Matches(FenceRegex().Replace(markdown, string.Empty)))
        {
            var anchor = SettingsMarkdown.Anchor(LinkTextRegex().Replace(heading.Groups[1].Value.Trim(), "$1"));
            var count = seen.GetValueOrDefault(anchor);
            seen[anchor] = count + 1;
            anchors.Add(count == 0 ? anchor : $"{anchor}-{count}");
        }

        return anchors;
    }

    private static string WithoutCode(string markdown) => CodeSpanRegex().Replace(FenceRegex().Replace(markdown, string.Empty), string.Empty);

    [GeneratedRegex(@"^```.*?^```[^\n]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpanRegex();

    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"^#{1,6}\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkTextRegex();
}
