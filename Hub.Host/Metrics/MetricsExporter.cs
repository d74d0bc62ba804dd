using System.Diagnostics.Metrics;
using Prometheus;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// Turns this host's <see cref="System.Diagnostics.Metrics"/> instruments into Prometheus's text format.
/// </summary>
/// <remarks>
/// Issue 19 item 2 leaves the choice between OpenTelemetry's Prometheus exporter and prometheus-net. prometheus-net
/// 8.2.1 it is: the only OpenTelemetry.Exporter.Prometheus.AspNetCore served here is 1.20.1-beta.1, a beta behind
/// the 1.21 SDK, and an installation IT lives with for years should not rest on one. prometheus-net also lets each
/// host keep a registry of its own and listen only to the meters of its own <see cref="IMeterFactory"/> (below), where
/// an OpenTelemetry meter provider listens to every meter of a name in the process: several hubs in one process (the
/// tests, the two-node tests) would count each other's work. What it costs, said in docs/operations.md (Metrics and alerts): the
/// exporter shows a .NET counter as a Prometheus gauge (its authors' choice, since a .NET instrument may be made anew
/// and restart from 0), so a metric has no <c>_total</c> suffix and its TYPE line says gauge, which <c>rate()</c> and
/// <c>increase()</c> do not mind; and the unit is in the HELP text, not appended to the name.
/// </remarks>
internal sealed class MetricsExporter : IDisposable
{
    // From half a millisecond (one SQLite commit of a small batch) to ten seconds (a stuck PostgreSQL).
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly IDisposable _listening;

    public MetricsExporter(IMeterFactory meters)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _listening = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(Registry),
            // This host's meters only, and the runtime's, which exist once per process.
            InstrumentFilterPredicate = instrument => HubMeters.IsExported(instrument.Meter.Name)
                && (ReferenceEquals(instrument.Meter.Scope, meters) || instrument.Meter.Name == HubMeters.Runtime),
            ResolveHistogramBuckets = _ => DurationBuckets,
            // The exporter forgets a series not updated for this long (a day at most). The observable instruments
            // are read at every scrape and never expire; so are the ticket counts (TicketInstruments), which may
            // stay still for days. A duration histogram idle for a day starts again from empty.
            MetricsExpireAfter = TimeSpan.FromDays(1),
        });
    }

    /// <summary>The registry the scrape serializes.</summary>
    public CollectorRegistry Registry { get; }

    public void Dispose() => _listening.Dispose();
}
