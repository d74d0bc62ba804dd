using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// One scrape of a hub's <c>/metrics</c> (Prometheus text format): each series' value by its full name with labels,
/// e.g. <c>integrationhub_store_commit_duration_bucket{db_system_name="sqlite",le="0.1"}</c>.
/// </summary>
internal sealed class PrometheusText
{
    private readonly Dictionary<string, double> _series;

    private PrometheusText(Dictionary<string, double> series) => _series = series;

    public static PrometheusText Empty { get; } = new([]);

    public static PrometheusText Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // The value follows the last space (label values here hold no spaces; a timestamp is never written).
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..space]] = value;
            }
        }

        return new PrometheusText(series);
    }

    /// <summary>
    /// The sum of the series named <paramref name="name"/> (labels or not) whose labels contain every one of
    /// <paramref name="labels"/> (each as written, e.g. <c>le="0.1"</c>); 0 when there is none.
    /// </summary>
    public double Sum(string name, params string[] labels)
    {
        var total = 0.0;
        foreach (var (key, value) in _series)
        {
            var brace = key.IndexOf('{', StringComparison.Ordinal);
            var seriesName = brace < 0 ? key : key[..brace];
            if (seriesName == name && labels.All(l => key.Contains(l, StringComparison.Ordinal)))
            {
                total += value;
            }
        }

        return total;
    }
}
