using System.Globalization;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// One way the watched readings reach the rules (issue 20 item 1): evaluated in the transaction that stores them
/// (<c>Hub:Rules:AtIngest=true</c>, the default) or queued in rule_inputs and read back by the rules stage (the path
/// before issue 20), and what one run of the rules benchmark measured through it.
/// </summary>
internal sealed class RulesPath(string name, bool atIngest, string title)
{
    public static RulesPath Queue => new("queue", atIngest: false, "readings queued for the rules stage, the path before issue 20");

    public static RulesPath AtIngestPath => new("at-ingest", atIngest: true, "rules evaluated in the readings' own transaction, issue 20 item 1");

    public string Name { get; } = name;

    public bool AtIngest { get; } = atIngest;

    public string Title { get; } = title;

    public double TicketP99 { get; private set; } = double.NaN;

    public double MailP99 { get; private set; } = double.NaN;

    /// <summary>Watched readings the rules evaluated per second while the background ran.</summary>
    public double EvaluatedPerSecond { get; private set; }

    /// <summary>Hub CPU µs per reading stored, from the background's start until every ticket and mail was in.</summary>
    public double CpuMicrosPerReading { get; private set; }

    public void Record(List<double> ticketMs, List<double> mailMs, RulesSample background, RulesSample whole, double backgroundSeconds)
    {
        TicketP99 = ticketMs.Count == 0 ? double.NaN : P99(ticketMs);
        MailP99 = mailMs.Count == 0 ? double.NaN : P99(mailMs);
        EvaluatedPerSecond = background.Evaluated / backgroundSeconds;
        CpuMicrosPerReading = whole.Stored == 0 ? double.NaN : whole.CpuSeconds * 1e6 / whole.Stored;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Watched readings evaluated while the background ran: {EvaluatedPerSecond:N0}/s. Hub CPU per reading stored (MQTT, store and rules together, until the last ticket and mail): {CpuMicrosPerReading:0.0} µs.");

    private static double P99(List<double> sorted) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.99 * sorted.Count) - 1)];
}
