using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>One answer of <c>/metrics</c>, parsed from Prometheus's text format: each sample's name, labels and value.</summary>
internal sealed partial class ScrapedMetrics
{
    /// <summary>The token the metrics tests configure: 48 characters of visible ASCII.</summary>
    public const string Token = "metrics-test-token-5f1c2a9e7b3d4c6e8a0b1d2f3e4c";

    public static readonly string[] Enabled = ["--Hub:Metrics:Enabled=true", $"--Hub:Metrics:Token={Token}"];

    private ScrapedMetrics(string text, IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples { get; }

    /// <summary>Scrapes <c>/metrics</c> with the test token; fails on anything but 200.</summary>
    public static async Task<ScrapedMetrics> ScrapeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return Parse(text);
    }

    public static ScrapedMetrics Parse(string text)
    {
        var samples = new List<(string, IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a sample line of Prometheus's text format: '{line}'");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
            samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return new ScrapedMetrics(text, samples);
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>, or null when none has them.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        var found = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();
        Assert.True(found.Count <= 1, $"{found.Count} samples of {name} match; name more labels.\n{Text}");
        return found.Count == 0 ? null : found[0].Value;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
