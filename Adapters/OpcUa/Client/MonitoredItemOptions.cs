using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>A node attribute to monitor (Part 4 5.12.2) and how to sample and filter it.</summary>
/// <param name="NodeId">The node, by namespace URI (an <c>nsu=</c> ExpandedNodeId), so that it survives a server restart that reorders namespaces.</param>
public sealed record MonitoredItemOptions(ExpandedNodeId NodeId)
{
    /// <summary>The attribute. <value>The default value is Value (13).</value></summary>
    public uint AttributeId { get; init; } = Attributes.Value;

    /// <summary>How often the server samples; zero for as fast as possible. <value>The default value is 250 ms.</value></summary>
    public TimeSpan SamplingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Values the server queues between publishes. <value>The default value is 10.</value></summary>
    public uint QueueSize { get; init; } = 10;

    /// <summary>When the queue is full, drop the oldest value (true) or the newest (false). <value>The default value is true.</value></summary>
    public bool DiscardOldest { get; init; } = true;

    /// <summary>What change is reported. <value>The default value is StatusValue.</value></summary>
    public DataChangeTrigger Trigger { get; init; } = DataChangeTrigger.StatusValue;

    /// <summary>Deadband kind; Percent needs an EURange on the node. <value>The default value is None.</value></summary>
    public DeadbandType DeadbandType { get; init; } = DeadbandType.None;

    /// <summary>Deadband size (absolute amount, or percent of the EURange).</summary>
    public double DeadbandValue { get; init; }

    /// <summary>
    /// Set for an event monitored item (with <see cref="AttributeId"/> EventNotifier, see <see cref="ForEvents"/>): the
    /// fields and where clause; its events arrive on <see cref="OpcUaSubscription.Events"/>. Null for a value.
    /// </summary>
    public EventFilterOptions? Events { get; init; }

    /// <summary>
    /// The events of a notifier (the Server object, or an area or machine object whose EventNotifier says it notifies),
    /// sampled as they come and queued up to <paramref name="queueSize"/> between publishes, the oldest kept when it is full
    /// (an alarm's raise must not be pushed out by later events; the server reports the overflow).
    /// </summary>
    public static MonitoredItemOptions ForEvents(ExpandedNodeId notifier, EventFilterOptions events, uint queueSize = 10_000) => new(notifier)
    {
        AttributeId = Attributes.EventNotifier,
        SamplingInterval = TimeSpan.Zero,
        QueueSize = queueSize,
        DiscardOldest = false,
        Events = events,
    };
}
