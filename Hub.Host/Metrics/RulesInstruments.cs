using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>The rules stage's figures (meter <c>IntegrationHub.Rules</c>): how long a partition's pass takes.</summary>
internal sealed class RulesInstruments
{
    private readonly Histogram<double> _evaluation;

    public RulesInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(HubMeters.Rules);
        _evaluation = meter.CreateHistogram<double>("evaluation.duration", "s",
            "Time of one pass of the rules over a partition's queued readings: evaluation, tickets, notifications and the commit.");
    }

    public long Start() => Stopwatch.GetTimestamp();

    /// <summary>A pass that committed; passes that found nothing to do are not timed, they would drown the others.</summary>
    public void Evaluated(long started) => _evaluation.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
}
