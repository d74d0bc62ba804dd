namespace IntegrationHub.Bench.Nodes;

/// <summary>One timed run of the nodes benchmark: one or two hub nodes, the readings they stored and evaluated, and where the CPU went.</summary>
/// <param name="Nodes">Hub processes on the one database.</param>
/// <param name="Round">The round (configurations alternate which goes first).</param>
/// <param name="Readings">Readings published (QoS 1, one a message).</param>
/// <param name="Evaluated">Readings evaluated by the rules stage over all nodes in the run (every one of them when complete).</param>
/// <param name="IngestSeconds">From the first publish until every reading was stored (summed over the nodes).</param>
/// <param name="RulesSeconds">From the first publish until every reading was evaluated by the rules stage.</param>
/// <param name="PublisherSeconds">The publisher's wall time.</param>
/// <param name="PerNode">Readings stored and evaluated by each node in the run.</param>
/// <param name="Cpu">CPU seconds used over the run.</param>
/// <param name="Load">The 1-minute load average before the run, "NOISY" above 1.5.</param>
/// <param name="Note">What went wrong, if anything.</param>
internal sealed record NodesRun(
    int Nodes, int Round, long Readings, long Evaluated, double IngestSeconds, double RulesSeconds, double PublisherSeconds,
    IReadOnlyList<(long Stored, long Evaluated)> PerNode, CpuSample Cpu, string Load, string? Note)
{
    public double RulesPerSecond => Evaluated / RulesSeconds;
}
