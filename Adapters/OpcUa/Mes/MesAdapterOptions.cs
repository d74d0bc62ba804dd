using IntegrationHub.Adapters.OpcUa.Client;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>What the MES adapter connects to and which nodes it watches.</summary>
public sealed record MesAdapterOptions
{
    /// <summary>The adapter's name on /health. <value>The default value is mes.</value></summary>
    public string Name { get; init; } = "mes";

    /// <summary>The OPC UA connection (endpoint, security, user, PKI folder).</summary>
    public required OpcUaClientOptions Client { get; init; }

    /// <summary>How often the server sends changes. <value>The default value is 1 second.</value></summary>
    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the server samples each node. <value>The default value is 500 ms.</value></summary>
    public TimeSpan SamplingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Work-order node groups, one per production line.</summary>
    public IReadOnlyList<WorkOrderNodes> WorkOrders { get; init; } = [];

    /// <summary>Machines and their signals.</summary>
    public IReadOnlyList<MachineNodes> Machines { get; init; } = [];

    /// <summary>Alarm conditions to turn into the hub's alarms; null watches none.</summary>
    public MesAlarmOptions? Alarms { get; init; }

    /// <summary>Most changes stored in one transaction. <value>The default value is 1000.</value></summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>
    /// After a gap in the subscription (it was created anew, or notification messages were lost), read the nodes'
    /// history for the gap and store what the server kept (issue 22 item 2). <value>The default value is true.</value>
    /// </summary>
    public bool HistoryBackfill { get; init; } = true;

    /// <summary>
    /// Most values recovered per node and gap: the oldest ones of the gap are kept, the rest is reported as not
    /// recovered. <value>The default value is 10000.</value>
    /// </summary>
    public int MaxBackfillValuesPerNode { get; init; } = 10_000;

    /// <summary>Values asked for per HistoryRead call (NumValuesPerNode); the server's continuation points bring the rest. <value>The default value is 1000.</value></summary>
    public uint HistoryValuesPerRead { get; init; } = 1000;
}
