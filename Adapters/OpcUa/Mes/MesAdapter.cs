using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// The MES production-status adapter: one OPC UA session and subscription watching the configured work-order and
/// machine nodes. Work-order fields of a line are emitted together, as one record, whenever one changes; machine
/// signals become readings. Records go to the sink in batches; a batch that cannot be stored is retried, so that
/// no change the server sent is dropped while the store is busy. Connection loss is repaired by the client
/// (reconnect, session reactivation or transfer, subscription recreation).
/// </summary>
public sealed class MesAdapter : IAsyncDisposable
{
    private static readonly TimeSpan MaxStoreRetryDelay = TimeSpan.FromSeconds(30);
    private readonly MesAdapterOptions _options;
    private readonly IMesRecordSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<uint, Binding> _bindings = [];
    private readonly List<string> _nodeErrors = [];
    private readonly CancellationTokenSource _stop = new();
    private GroupState[] _groups = [];
    private OpcUaClient? _client;
    private Task _pump = Task.CompletedTask;
    private long _valuesIn;
    private long _recordsStored;
    private long _skipped;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastStoredAt;

    /// <summary>Creates the adapter; <see cref="StartAsync"/> connects it.</summary>
    public MesAdapter(MesAdapterOptions options, IMesRecordSink sink, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        _options = options;
        _sink = sink;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Connects, resolves every configured node, and subscribes. A node that cannot be resolved or monitored is
    /// reported on the status and in the log, and the others are watched.
    /// </summary>
    /// <exception cref="OpcUaServiceException">The server cannot be reached or refuses the session.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _client = await OpcUaClient.ConnectAsync(_options.Client, cancellationToken).ConfigureAwait(false);
        _groups = _options.WorkOrders.Select(g => new GroupState(g)).ToArray();
        var wanted = new List<(MonitoredItemOptions Item, Binding Binding)>();
        for (var g = 0; g < _options.WorkOrders.Count; g++)
        {
            foreach (var (field, node) in _options.WorkOrders[g].Fields)
            {
                await AddAsync(wanted, node, new Binding(g, field, null, null), $"line {_options.WorkOrders[g].Line} field {field}", cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var machine in _options.Machines)
        {
            foreach (var (metric, node) in machine.Metrics)
            {
                await AddAsync(wanted, node.Node, new Binding(-1, metric, machine, node), $"machine {machine.AssetId} metric {metric}", cancellationToken).ConfigureAwait(false);
            }
        }

        var subscription = await _client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = _options.PublishingInterval }, cancellationToken).ConfigureAwait(false);
        var items = await subscription.AddItemsAsync(wanted.Select(w => w.Item).ToList(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Status.IsBad)
            {
                NodeError($"{wanted[i].Binding.Describe(_options)} ({items[i].Options.NodeId}) cannot be monitored: {items[i].Status}");
                continue;
            }

            _bindings[items[i].ClientHandle] = wanted[i].Binding;
        }

        MesLog.Started(_logger, _options.Name, _bindings.Count, _options.Client.EndpointUrl, _client.SecurityMode.ToString());
        _pump = Task.Run(() => PumpAsync(subscription, _stop.Token), CancellationToken.None);
    }

    private async Task AddAsync(List<(MonitoredItemOptions, Binding)> wanted, string node, Binding binding, string what, CancellationToken cancellationToken)
    {
        try
        {
            var nodeId = await NodeReference.Parse(node).ResolveAsync(_client!, cancellationToken).ConfigureAwait(false);
            wanted.Add((new MonitoredItemOptions(nodeId) { SamplingInterval = _options.SamplingInterval, QueueSize = 10 }, binding));
        }
        catch (Exception e) when (e is FormatException or OpcUaServiceException)
        {
            NodeError($"{what}: node '{node}': {e.Message}");
        }
    }

    private void NodeError(string problem)
    {
        lock (_nodeErrors)
        {
            _nodeErrors.Add(problem);
        }

        MesLog.NodeFailed(_logger, _options.Name, problem);
    }

    private async Task PumpAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        var reader = subscription.Values;
        var records = new List<SourceRecord>(_options.BatchSize);
        var dirty = new HashSet<int>();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                while (records.Count + dirty.Count < _options.BatchSize && reader.TryRead(out var value))
                {
                    Interlocked.Increment(ref _valuesIn);
                    if (_bindings.TryGetValue(value.Item.ClientHandle, out var binding))
                    {
                        Take(binding, value.Value, now, records, dirty);
                    }
                }

                foreach (var group in dirty)
                {
                    if (_groups[group].Record(_options.Client.EndpointUrl, now) is { } record)
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
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Take(Binding binding, DataValue value, DateTimeOffset now, List<SourceRecord> records, HashSet<int> dirty)
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

        _groups[binding.Group].Set(binding.Field, text, timestamp);
        dirty.Add(binding.Group);
    }

    private async Task StoreWithRetryAsync(List<SourceRecord> records, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await _sink.StoreAsync(records, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _recordsStored, records.Count);
                _lastStoredAt = _time.GetUtcNow();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SetError($"storing {records.Count} records failed: {e.Message}");
                MesLog.StoreFailed(_logger, _options.Name, records.Count, delay, e);
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

    /// <summary>The adapter's state for /health.</summary>
    public AdapterStatus GetStatus()
    {
        string? nodeError;
        lock (_nodeErrors)
        {
            nodeError = _nodeErrors.Count == 0 ? null : string.Join("; ", _nodeErrors);
        }

        var client = _client;
        // Issue 16 item 9: a subscription the server stopped serving is an error, though the connection is fine.
        var silent = client?.SilentSubscriptions.Select(s =>
            $"OPC UA subscription {s.Id} has delivered nothing, not even a keep-alive, for several keep-alive periods (of {s.KeepAlivePeriod}) while the server published for others").FirstOrDefault();
        var state = client is null ? AdapterState.Starting
            : client.State == ConnectionState.Reconnecting ? AdapterState.Retrying
            : client.State == ConnectionState.Closed ? AdapterState.Stopped
            : nodeError is not null || silent is not null ? AdapterState.Faulted
            : AdapterState.Running;
        return new AdapterStatus
        {
            Name = _options.Name,
            State = state,
            LastSuccessAt = _lastStoredAt,
            LastError = nodeError ?? silent ?? (state == AdapterState.Retrying ? client?.LastError?.Message : null) ?? _lastError,
            LastErrorAt = _lastErrorAt,
            Counts = new Dictionary<string, long>
            {
                ["nodes"] = _bindings.Count,
                ["valuesIn"] = Interlocked.Read(ref _valuesIn),
                ["recordsStored"] = Interlocked.Read(ref _recordsStored),
                ["valuesSkipped"] = Interlocked.Read(ref _skipped),
                ["reconnects"] = client?.ReconnectCount ?? 0,
                ["failedReconnects"] = client?.FailedReconnectAttempts ?? 0,
            },
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
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
