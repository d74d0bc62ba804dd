using System.Diagnostics.Metrics;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// The adapters' figures (meter <c>IntegrationHub.Adapters</c>), read at each scrape from the same snapshots as
/// <c>/health</c> (<see cref="IAdapterStatusSource"/>): no adapter counts twice. Each measurement carries the adapter's
/// name as <c>adapter</c>. The rules stage, the outbox dispatcher and retention report through the same interface, so
/// their state is here too.
/// </summary>
internal sealed class AdapterInstruments
{
    private static readonly AdapterState[] States = Enum.GetValues<AdapterState>();

    private readonly Lazy<IAdapterStatusSource[]> _sources;

    public AdapterInstruments(IMeterFactory meters, IServiceProvider services)
    {
        // Resolved at the first scrape, not here: the adapters are built with the host, after the instruments.
        _sources = new Lazy<IAdapterStatusSource[]>(() => [.. services.GetServices<IAdapterStatusSource>()]);
        var meter = meters.Create(HubMeters.Adapters);
        meter.CreateObservableCounter("records.received", () => Sum(AdapterCounts.Received), "{record}",
            "Records taken in by each adapter: MQTT messages, OPC UA notifications, database rows read.");
        meter.CreateObservableCounter("records.stored", () => Sum(AdapterCounts.Stored), "{record}",
            "Records each adapter stored in the hub.");
        meter.CreateObservableCounter("records.rejected", () => Sum(AdapterCounts.Rejected), "{record}",
            "Records each adapter refused: dead letters, rejected rows, unusable values.");
        meter.CreateObservableCounter("errors", Errors, "{error}",
            "Failures of each adapter by kind (label kind: the /health count's name).");
        meter.CreateObservableCounter("reconnects", () => One(AdapterCounts.Reconnects), "{reconnect}",
            "Connections each adapter made again after losing them.");
        meter.CreateObservableGauge("poll.lag", () => One(AdapterCounts.LagSeconds), "s",
            "How far behind a polled source is: the age of its watermark.");
        meter.CreateObservableGauge("messages.waiting", () => One(AdapterCounts.Waiting), "{message}",
            "Messages received by an adapter and not yet stored.");
        meter.CreateObservableGauge("state", State, "1",
            "1 for each adapter's current state (label state: Starting, Running, Retrying, Stopped, Faulted), 0 for the others.");
        meter.CreateObservableGauge("up", Up, "1", "1 while an adapter runs, 0 while it starts, retries, stopped or faulted.");
    }

    private IEnumerable<AdapterStatus> Statuses() => _sources.Value.Select(s => s.GetStatus());

    private IEnumerable<Measurement<long>> Sum(string[] names)
    {
        foreach (var status in Statuses())
        {
            long total = 0;
            var any = false;
            foreach (var name in names)
            {
                if (status.Counts.TryGetValue(name, out var value))
                {
                    total += value;
                    any = true;
                }
            }

            // An adapter without such a count (the rules stage has no records stored) shows no series, not a false 0.
            if (any)
            {
                yield return new Measurement<long>(total, new KeyValuePair<string, object?>("adapter", status.Name));
            }
        }
    }

    private IEnumerable<Measurement<long>> One(string name) =>
        Statuses()
            .Where(s => s.Counts.ContainsKey(name))
            .Select(s => new Measurement<long>(s.Counts[name], new KeyValuePair<string, object?>("adapter", s.Name)));

    private IEnumerable<Measurement<long>> Errors() =>
        Statuses().SelectMany(s => AdapterCounts.Errors
            .Where(s.Counts.ContainsKey)
            .Select(kind => new Measurement<long>(
                s.Counts[kind], new KeyValuePair<string, object?>("adapter", s.Name), new KeyValuePair<string, object?>("kind", kind))));

    private IEnumerable<Measurement<int>> State() =>
        Statuses().SelectMany(s => States.Select(state => new Measurement<int>(
            s.State == state ? 1 : 0, new KeyValuePair<string, object?>("adapter", s.Name), new KeyValuePair<string, object?>("state", state.ToString()))));

    private IEnumerable<Measurement<int>> Up() =>
        Statuses().Select(s => new Measurement<int>(s.State == AdapterState.Running ? 1 : 0, new KeyValuePair<string, object?>("adapter", s.Name)));
}
