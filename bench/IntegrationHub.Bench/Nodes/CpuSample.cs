namespace IntegrationHub.Bench.Nodes;

/// <summary>
/// CPU seconds (user + system, from /proc) at one instant of a nodes run: each hub process, the PostgreSQL backends of
/// the hubs' database, mosquitto, and the whole machine's busy time; a run's figures are the difference of two.
/// </summary>
internal sealed record CpuSample(IReadOnlyList<double> Hubs, double Backends, double Broker, double Machine)
{
    public CpuSample Minus(CpuSample before) => new(
        [.. Hubs.Zip(before.Hubs, (a, b) => a - b)], Backends - before.Backends, Broker - before.Broker, Machine - before.Machine);

    /// <summary>What the machine was busy with besides the hubs, their backends and the broker: the publisher, PostgreSQL's shared processes, other work.</summary>
    public double Rest => Machine - Hubs.Sum() - Backends - Broker;
}
