using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Mes;

// Issue 22 item 2: after a gap in the subscription (created anew after a reconnect, or notification messages that
// Republish no longer had), the values the server historized for the gap are read (HistoryRead, raw values) from
// each node's last delivered source time on, and fed to the mapping in source-time order before the values that came
// after the gap. The store keeps no watermark of its own: a node's last source time is in memory, and a value stored
// twice would change nothing (readings by asset, metric and source time; work orders unless strictly newer), so the
// only thing to avoid is feeding it twice, which the per-node "recovered up to" time does.
public sealed partial class MesAdapter
{
    private const int MaxTransientRetries = 5;
    private long _gaps;
    private long _valuesRecovered;
    private long _nodeGapsNotRecovered;
    private long _duplicatesSkipped;
    private string? _lastGap;

    // What the pump knows of one monitored node: the newest source time it delivered, and the newest one recovered from
    // history (subscription values up to that time were stored from history already).
    private sealed class NodeTrack
    {
        public DateTime? LastSource { get; set; }

        public DateTime? RecoveredUpTo { get; set; }
    }

    private static DateTime? SourceTimeOf(DataValue value) =>
        value.SourceTimestamp is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;

    // Called for every subscription value: false when history brought it already.
    private bool TrackLive(Dictionary<uint, NodeTrack> tracks, uint clientHandle, DataValue value)
    {
        if (!tracks.TryGetValue(clientHandle, out var track))
        {
            tracks[clientHandle] = track = new NodeTrack();
        }

        var time = SourceTimeOf(value);
        if (time is { } t && track.RecoveredUpTo is { } recovered && t <= recovered)
        {
            Interlocked.Increment(ref _duplicatesSkipped);
            return false;
        }

        if (time is { } s && !value.Status.IsBad && (track.LastSource is not { } last || s > last))
        {
            track.LastSource = s;
        }

        return true;
    }

    private async Task BackfillAsync(
        OpcUaSubscription subscription, Dictionary<uint, Binding> bindings, GroupState[] groups, Dictionary<uint, NodeTrack> tracks,
        string reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gaps);
        var client = _client;
        if (!_options.HistoryBackfill || client is null)
        {
            SetGap($"{reason}: history backfill is off; the values of the gap are not recovered");
            return;
        }

        MesLog.BackfillStarted(_logger, _options.Name, reason, bindings.Count);
        var items = subscription.Items.ToDictionary(i => i.ClientHandle);
        var recovered = new List<(DateTime Time, int Order, Binding Binding, DataValue Value)>();
        var notRecovered = new List<string>();
        var order = 0;
        // Read to a day ahead: "to the newest value the server has", whatever its clock says; values the subscription
        // delivers too are skipped by time.
        var end = _time.GetUtcNow().UtcDateTime.AddDays(1);
        foreach (var (handle, binding) in bindings.OrderBy(b => b.Key))
        {
            var what = binding.Describe(_options);
            if (!tracks.TryGetValue(handle, out var track) || track.LastSource is not { } since || !items.TryGetValue(handle, out var item))
            {
                notRecovered.Add($"{what}: no value before the gap to read on from");
                continue;
            }

            var (values, problem) = await ReadGapAsync(client, item, since, end, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                notRecovered.Add($"{what}: {problem}");
                MesLog.BackfillNodeNotRecovered(_logger, _options.Name, what, since, problem);
            }

            if (values.Count > 0)
            {
                track.RecoveredUpTo = track.LastSource = SourceTimeOf(values[^1]);
                recovered.AddRange(values.Select(v => (SourceTimeOf(v)!.Value, order++, binding, v)));
            }
        }

        await FeedRecoveredAsync(recovered.OrderBy(r => r.Time).ThenBy(r => r.Order).Select(r => (r.Binding, r.Value)), groups, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _valuesRecovered, recovered.Count);
        Interlocked.Add(ref _nodeGapsNotRecovered, notRecovered.Count);
        var span = recovered.Count == 0 ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" from {recovered.Min(r => r.Time):o} to {recovered.Max(r => r.Time):o}");
        SetGap($"{reason}: {recovered.Count} values recovered from history{span}"
            + (notRecovered.Count == 0 ? "; every node recovered" : $"; not recovered: {string.Join("; ", notRecovered)}"));
        MesLog.BackfillDone(_logger, _options.Name, recovered.Count, bindings.Count, notRecovered.Count);
    }

    // The node's values after `since` (its last delivered one), oldest first, at most the cap; and what kept the rest
    // from being recovered, or null.
    private async Task<(List<DataValue> Values, string? Problem)> ReadGapAsync(
        OpcUaClient client, MonitoredItem item, DateTime since, DateTime end, CancellationToken cancellationToken)
    {
        var cap = _options.MaxBackfillValuesPerNode;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var nodeId = client.Namespaces.ToNodeId(item.Options.NodeId);
                // One more than the cap: the read starts at `since` inclusive, and that value was delivered already.
                var history = await client.ReadRawHistoryAsync(nodeId, since, end, _options.HistoryValuesPerRead, cap + 1, cancellationToken).ConfigureAwait(false);
                var fresh = history.Values.Where(v => SourceTimeOf(v) is { } t && t > since).OrderBy(v => SourceTimeOf(v)).ToList();
                string? problem = history.Status.IsBad ? $"the server answered {history.Status}" : null;
                if (fresh.Count > cap || (history.Capped && fresh.Count == cap))
                {
                    fresh = fresh[..cap];
                    var keptUntil = SourceTimeOf(fresh[^1])!.Value;
                    MesLog.BackfillCapped(_logger, _options.Name, item.Options.NodeId.ToString(), cap, keptUntil);
                    problem = string.Create(CultureInfo.InvariantCulture, $"more than {cap} values in the gap: the oldest {cap} (up to {keptUntil:o}) are stored, the later ones are not");
                }

                return (fresh, problem);
            }
            catch (OpcUaServiceException e) when (e.IsTransient && attempt < MaxTransientRetries)
            {
                // The connection went while reading: the client reconnects by itself.
                await Task.Delay(TimeSpan.FromSeconds(attempt), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException)
            {
                return ([], $"the history read failed: {LogText.Escape(e.Message)}");
            }
        }
    }

    // Every recovered value goes to the mapping on its own, in source-time order: a work order's state at each time
    // of the gap becomes its own record.
    private async Task FeedRecoveredAsync(IEnumerable<(Binding Binding, DataValue Value)> recovered, GroupState[] groups, CancellationToken cancellationToken)
    {
        var records = new List<SourceRecord>();
        var dirty = new HashSet<int>();
        var now = _time.GetUtcNow();
        foreach (var (binding, value) in recovered)
        {
            Take(binding, groups, value, now, records, dirty);
            foreach (var group in dirty)
            {
                if (groups[group].Record(_options.Client.EndpointUrl, now) is { } record)
                {
                    records.Add(record);
                }
            }

            dirty.Clear();
            if (records.Count >= _options.BatchSize)
            {
                await StoreWithRetryAsync(records, cancellationToken).ConfigureAwait(false);
                records.Clear();
            }
        }

        if (records.Count > 0)
        {
            await StoreWithRetryAsync(records, cancellationToken).ConfigureAwait(false);
        }
    }

    private void SetGap(string text) => Volatile.Write(ref _lastGap, string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():o} {text}"));
}
