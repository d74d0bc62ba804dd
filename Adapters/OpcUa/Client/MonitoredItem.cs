using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>A monitored item of an <see cref="OpcUaSubscription"/>; its server-side id changes when it is recreated.</summary>
public sealed class MonitoredItem
{
    internal MonitoredItem(uint clientHandle, MonitoredItemOptions options)
    {
        ClientHandle = clientHandle;
        Options = options;
    }

    /// <summary>The handle the client gave the item; stable across reconnects.</summary>
    public uint ClientHandle { get; }

    /// <summary>What is monitored.</summary>
    public MonitoredItemOptions Options { get; }

    /// <summary>The server's id for the item.</summary>
    public uint ServerId { get; internal set; }

    /// <summary>The result of the last CreateMonitoredItems for this item.</summary>
    public StatusCode Status { get; internal set; }

    /// <summary>The sampling interval the server granted.</summary>
    public TimeSpan RevisedSamplingInterval { get; internal set; }

    /// <summary>The queue size the server granted.</summary>
    public uint RevisedQueueSize { get; internal set; }

    /// <summary>
    /// For an event item: the server's verdict on each select clause, in order (Good, or why it cannot deliver that
    /// field, for example BadBrowseNameInvalid); empty when the server accepted them all.
    /// </summary>
    public IReadOnlyList<StatusCode> SelectClauseResults => FilterResult?.SelectClauseResults ?? [];

    /// <summary>For an event item: the server's verdict on each where-clause element, in order; empty when all are good.</summary>
    public IReadOnlyList<StatusCode> WhereClauseResults => FilterResult?.WhereClauseResults ?? [];

    internal EventFilterResult? FilterResult { get; set; }
}
