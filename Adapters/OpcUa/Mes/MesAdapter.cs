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
/// <remarks>
/// Issue 18 item 1, the hot standby: <see cref="ConnectAsync"/> opens the session and resolves the nodes, which has no
/// effect on the server's data; <see cref="SubscribeAsync"/> creates the subscription when this node takes the work
/// over, and <see cref="UnsubscribeAsync"/> deletes it when the node gives it up, keeping the session for the next
/// take-over. A subscription's monitored items report their current values first (Part 4 5.12.1.2), so a take-over
/// re-reads the state of every node by itself; the store ignores what the previous holder had stored already
/// (readings by asset, metric and source time; work orders unless strictly newer).
/// </remarks>
public sealed partial class MesAdapter : IAsyncDisposable
{
    private static readonly TimeSpan MaxStoreRetryDelay = TimeSpan.FromSeconds(30);
    private readonly MesAdapterOptions _options;
    private readonly IMesRecordSink _sink;
    private readonly IMesAlarmSink? _alarmSink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _unresolved = [];
    private readonly List<string> _nodeErrors = [];
    private List<(MonitoredItemOptions Item, Binding Binding)> _wanted = [];
    private int _resolvedAtRestart;
    private Dictionary<uint, Binding> _bindings = [];
    private OpcUaClient? _client;
    private OpcUaSubscription? _subscription;
    private CancellationTokenSource? _pumpStop;
    private Task _pump = Task.CompletedTask;
    private int _disposed;
    private long _valuesIn;
    private long _recordsStored;
    private long _skipped;
    private long _subscriptionsCreated;
    // Notification messages the server no longer had when asked again (Part 4 5.13.6), over every subscription this
    // adapter has had: a subscription's own count goes with it when the work is given up or the session closed, and a
    // gap count on /metrics must never go down (issue 19 item 2). Read and retired under the lock together.
    private readonly Lock _lostLock = new();
    private long _lostBefore;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastStoredAt;

    /// <summary>Creates the adapter; <see cref="StartAsync"/> connects it.</summary>
    /// <param name="options">What to connect to and watch.</param>
    /// <param name="sink">Where work orders and readings go.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="alarmSink">Where alarm changes go; required for <see cref="MesAdapterOptions.Alarms"/> to take effect.</param>
    public MesAdapter(MesAdapterOptions options, IMesRecordSink sink, TimeProvider? time = null, ILogger? logger = null, IMesAlarmSink? alarmSink = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        _options = options;
        _sink = sink;
        _alarmSink = alarmSink;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The OPC UA client once <see cref="ConnectAsync"/> succeeded.</summary>
    public OpcUaClient? Client => _client;

    /// <summary>True while the adapter has its subscription (this node does the work), false while it stands by.</summary>
    public bool IsSubscribed => Volatile.Read(ref _subscription) is not null;

    /// <summary>
    /// Connects, resolves every configured node, and subscribes. A node that cannot be resolved or monitored is
    /// reported on the status and in the log, and the others are watched.
    /// </summary>
    /// <exception cref="OpcUaServiceException">The server cannot be reached or refuses the session.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await SubscribeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the session and resolves every configured node, without subscribing: the hot standby's state (issue 18
    /// item 1). The client keeps the session alive and reconnects it by itself from then on. Does nothing when connected.
    /// </summary>
    /// <exception cref="OpcUaServiceException">The server cannot be reached or refuses the session.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_client is not null)
            {
                return;
            }

            var client = await OpcUaClient.ConnectAsync(_options.Client, cancellationToken).ConfigureAwait(false);
            try
            {
                await ResolveAsync(client, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _client = client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Creates the subscription and its monitored items on the session <see cref="ConnectAsync"/> opened (connecting
    /// first when it has not), and starts storing what it delivers. Does nothing when subscribed already.
    /// </summary>
    /// <exception cref="OpcUaServiceException">The server cannot be reached or refuses the subscription.</exception>
    public async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_subscription is not null)
            {
                return;
            }

            var client = _client!;
            if (client.ServerRestartCount != _resolvedAtRestart)
            {
                // A restarted server may have another address space: browse paths are resolved again.
                await ResolveAsync(client, cancellationToken).ConfigureAwait(false);
            }

            var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = _options.PublishingInterval }, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<MonitoredItem> items;
            try
            {
                items = await subscription.AddItemsAsync(_wanted.Select(w => w.Item).ToList(), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await DeleteQuietlyAsync(subscription).ConfigureAwait(false);
                throw;
            }

            var bindings = new Dictionary<uint, Binding>();
            var errors = new List<string>(_unresolved);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Status.IsBad)
                {
                    errors.Add(NodeError($"{_wanted[i].Binding.Describe(_options)} ({items[i].Options.NodeId}) cannot be monitored: {items[i].Status}"));
                    continue;
                }

                bindings[items[i].ClientHandle] = _wanted[i].Binding;
            }

            _bindings = bindings;
            var groups = _options.WorkOrders.Select(g => new GroupState(g)).ToArray();
            _pumpStop = new CancellationTokenSource();
            var stop = _pumpStop.Token;
            // Started from the caller's context: the hub's lease fence (an AsyncLocal) goes with every batch stored.
            _pump = Task.Run(() => PumpAsync(subscription, bindings, groups, stop), CancellationToken.None);
            await WatchConditionsAsync(client, subscription, errors, stop, cancellationToken).ConfigureAwait(false);
            SetNodeErrors(errors);
            Volatile.Write(ref _subscription, subscription);
            Interlocked.Increment(ref _subscriptionsCreated);
            MesLog.Started(_logger, _options.Name, bindings.Count, _options.Client.EndpointUrl, client.SecurityMode.ToString());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops storing and deletes the subscription, keeping the session for a later <see cref="SubscribeAsync"/>
    /// (issue 18 item 1: a node that gave the work up stands by). When the server cannot be told (the connection is
    /// down), the session is closed instead, so that no subscription of this node lives on in it: false then, and
    /// <see cref="ConnectAsync"/> opens a new one.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Retire() is not { } subscription)
            {
                return true;
            }

            await StopPumpAsync().ConfigureAwait(false);
            try
            {
                await subscription.DeleteAsync(cancellationToken).ConfigureAwait(false);
                MesLog.StandingBy(_logger, _options.Name, _options.Client.EndpointUrl, subscription.Id);
                return true;
            }
            catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or IOException or OperationCanceledException)
            {
                MesLog.UnsubscribeFailed(_logger, _options.Name, subscription.Id, e.Message);
                await CloseClientAsync().ConfigureAwait(false);
                return false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops storing and closes the session with its subscription; <see cref="ConnectAsync"/> opens a new one. For a
    /// node that does not stand by (the hub's Hub:Mes:Standby false).
    /// </summary>
    public async Task DisconnectAsync()
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Retire();
            await StopPumpAsync().ConfigureAwait(false);
            await CloseClientAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // CloseSession deletes the session's subscriptions with it (DeleteSubscriptions true).
    private async Task CloseClientAsync()
    {
        var client = _client;
        _client = null;
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ResolveAsync(OpcUaClient client, CancellationToken cancellationToken)
    {
        var restarts = client.ServerRestartCount;
        var wanted = new List<(MonitoredItemOptions Item, Binding Binding)>();
        var unresolved = new List<string>();
        for (var g = 0; g < _options.WorkOrders.Count; g++)
        {
            foreach (var (field, node) in _options.WorkOrders[g].Fields)
            {
                await AddAsync(client, wanted, unresolved, node, new Binding(g, field, null, null), $"line {_options.WorkOrders[g].Line} field {field}", cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var machine in _options.Machines)
        {
            foreach (var (metric, node) in machine.Metrics)
            {
                await AddAsync(client, wanted, unresolved, node.Node, new Binding(-1, metric, machine, node), $"machine {machine.AssetId} metric {metric}", cancellationToken).ConfigureAwait(false);
            }
        }

        _wanted = wanted;
        _resolvedAtRestart = restarts;
        _unresolved.Clear(); // under the gate, as is every use
        _unresolved.AddRange(unresolved);

        SetNodeErrors(unresolved);
    }

    private async Task AddAsync(
        OpcUaClient client, List<(MonitoredItemOptions, Binding)> wanted, List<string> unresolved, string node, Binding binding, string what, CancellationToken cancellationToken)
    {
        try
        {
            var nodeId = await NodeReference.Parse(node).ResolveAsync(client, cancellationToken).ConfigureAwait(false);
            wanted.Add((new MonitoredItemOptions(nodeId) { SamplingInterval = _options.SamplingInterval, QueueSize = 10 }, binding));
        }
        catch (Exception e) when (e is FormatException or OpcUaServiceException)
        {
            unresolved.Add(NodeError($"{what}: node '{node}': {e.Message}"));
        }
    }

    private string NodeError(string problem)
    {
        MesLog.NodeFailed(_logger, _options.Name, problem);
        return problem;
    }

    private void SetNodeErrors(List<string> errors)
    {
        lock (_nodeErrors)
        {
            _nodeErrors.Clear();
            _nodeErrors.AddRange(errors);
        }
    }

    private async Task StopPumpAsync()
    {
        if (_pumpStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _conditionPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
            _pumpStop = null;
        }
    }

    /// <summary>Notification messages lost so far, over every subscription this adapter has had.</summary>
    private long LostMessages()
    {
        lock (_lostLock)
        {
            return _lostBefore + (Volatile.Read(ref _subscription)?.LostMessageCount ?? 0);
        }
    }

    /// <summary>Takes the current subscription away, keeping its lost-message count in the adapter's total.</summary>
    private OpcUaSubscription? Retire()
    {
        lock (_lostLock)
        {
            var subscription = Interlocked.Exchange(ref _subscription, null);
            _lostBefore += subscription?.LostMessageCount ?? 0;
            return subscription;
        }
    }

    private static async Task DeleteQuietlyAsync(OpcUaSubscription subscription)
    {
        try
        {
            await subscription.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or IOException)
        {
            // The session goes with the connection; the caller retries with a fresh one.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
    }
}
