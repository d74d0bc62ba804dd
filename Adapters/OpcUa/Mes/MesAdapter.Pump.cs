using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Mes;

// The subscription's values to records: work-order groups and machine readings, stored in batches with retry.
public sealed partial class MesAdapter
{
    // One subscription's values; its bindings and groups are its own, so that a subscription made at a later take-over
    // starts from its initial values rather than from the fields of the one before.
    private async Task PumpAsync(OpcUaSubscription subscription, Dictionary<uint, Binding> bindings, GroupState[] groups, CancellationToken cancellationToken)
    {
        var reader = subscription.Values;
        var records = new List<SourceRecord>(_options.BatchSize);
        var dirty = new HashSet<int>();
        var tracks = new Dictionary<uint, NodeTrack>();
        long read = 0;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                var gaps = new List<string>();
                // A gap ends the batch: what was read before it is stored, then the gap's history, then what follows.
                while (records.Count + dirty.Count < _options.BatchSize && !TakeGaps(subscription, read, gaps) && reader.TryRead(out var value))
                {
                    read++;
                    Interlocked.Increment(ref _valuesIn);
                    if (bindings.TryGetValue(value.Item.ClientHandle, out var binding) && TrackLive(tracks, value.Item.ClientHandle, value.Value))
                    {
                        Take(binding, groups, value.Value, now, records, dirty);
                    }
                }

                foreach (var group in dirty)
                {
                    if (groups[group].Record(_options.Client.EndpointUrl, now) is { } record)
                    {
                        records.Add(record);
                    }
                }

                dirty.Clear();
                if (records.Count > 0)
                {
                    await StoreWithRetryAsync(records, cancellationToken).ConfigureAwait(false);
                    records.Clear();
                }

                if (gaps.Count > 0)
                {
                    await BackfillAsync(subscription, bindings, groups, tracks, string.Join("; ", gaps.Distinct()), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Takes every gap at the reader's place in the stream; true when there was one.
    private static bool TakeGaps(OpcUaSubscription subscription, long read, List<string> gaps)
    {
        while (subscription.TryTakeGap(read, out var gap))
        {
            gaps.Add(gap.Reason);
        }

        return gaps.Count > 0;
    }

    private void Take(Binding binding, GroupState[] groups, DataValue value, DateTimeOffset now, List<SourceRecord> records, HashSet<int> dirty)
    {
        if (value.Status.IsBad)
        {
            // A value the server cannot give (device offline): nothing to store; the last good one stays.
            Interlocked.Increment(ref _skipped);
            return;
        }

        string? text;
        try
        {
            text = VariantText.Format(value.Value);
        }
        catch (FormatException e)
        {
            Interlocked.Increment(ref _skipped);
            SetError($"{binding.Describe(_options)}: {e.Message}");
            return;
        }

        var timestamp = new DateTimeOffset(DateTime.SpecifyKind(value.SourceTimestamp ?? value.ServerTimestamp ?? now.UtcDateTime, DateTimeKind.Utc));
        if (binding.Machine is { } machine)
        {
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["asset"] = machine.AssetId,
                ["metric"] = binding.Field,
                ["value"] = text,
                ["unit"] = binding.Metric!.Unit,
                ["quality"] = value.Status.IsGood ? "Good" : "Uncertain",
                ["ts"] = timestamp.ToString("O", CultureInfo.InvariantCulture),
            };
            records.Add(new SourceRecord(binding.Metric.Source, $"{_options.Client.EndpointUrl} {machine.AssetId}/{binding.Field}", fields, now));
            return;
        }

        groups[binding.Group].Set(binding.Field, text, timestamp);
        dirty.Add(binding.Group);
    }

    private async Task StoreWithRetryAsync(List<SourceRecord> records, CancellationToken cancellationToken)
    {
        await RetryUntilStoredAsync(() => _sink.StoreAsync(records, cancellationToken), $"{records.Count} records",
            (delay, e) => MesLog.StoreFailed(_logger, _options.Name, records.Count, delay, e), cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _recordsStored, records.Count);
    }

    // A batch the store cannot take now (busy, failing over) is retried with a growing delay, never dropped.
    private async Task RetryUntilStoredAsync(Func<Task> store, string what, Action<TimeSpan, Exception> log, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await store().ConfigureAwait(false);
                _lastStoredAt = _time.GetUtcNow();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SetError($"storing {what} failed: {e.Message}");
                log(delay, e);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxStoreRetryDelay.Ticks));
            }
        }
    }

    private void SetError(string error)
    {
        _lastError = error;
        _lastErrorAt = _time.GetUtcNow();
    }

    // What a monitored item feeds: a field of a work-order group (Group >= 0) or a machine's metric.
    private sealed record Binding(int Group, string Field, MachineNodes? Machine, MetricNode? Metric)
    {
        public string Describe(MesAdapterOptions options) => Machine is { } m
            ? $"machine {m.AssetId} metric {Field}"
            : $"line {options.WorkOrders[Group].Line} field {Field}";
    }

    // The latest value of each field of one line's work order; a record once every field has had a value.
    private sealed class GroupState(WorkOrderNodes nodes)
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
        private DateTimeOffset _timestamp = DateTimeOffset.MinValue;

        public void Set(string field, string? value, DateTimeOffset timestamp)
        {
            _values[field] = value;
            if (timestamp > _timestamp)
            {
                _timestamp = timestamp;
            }
        }

        public SourceRecord? Record(Uri endpoint, DateTimeOffset now)
        {
            if (_values.Count < nodes.Fields.Count)
            {
                return null; // initial values still arriving: a partial work order would fail its mapping
            }

            var fields = new Dictionary<string, string?>(_values, StringComparer.Ordinal)
            {
                ["line"] = nodes.Line,
                ["ts"] = _timestamp.ToString("O", CultureInfo.InvariantCulture),
            };
            return new SourceRecord(nodes.Source, $"{endpoint} {nodes.Line}", fields, now);
        }
    }
}
