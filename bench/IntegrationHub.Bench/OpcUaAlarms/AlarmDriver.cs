using System.Globalization;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>
/// Raises and clears the simulator's alarm conditions (deploy/simulator/mes-opcua/alarms.js) as the machines would:
/// Writes of <c>Alarms.MachineNNNN.Active</c>, many in one Write call, with a client of the benchmark's own.
/// </summary>
internal sealed class AlarmDriver(OpcUaClient client, int machines)
{
    /// <summary>The SourceName of machine <paramref name="n"/> (1-based), as alarms.js names it.</summary>
    public static string Machine(int n) => "Machine" + n.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The hub asset the benchmark maps machine <paramref name="n"/> to.</summary>
    public static string Asset(int n) => "EQ-EV-" + n.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sets every machine's Active to <paramref name="active"/>: all in one Write when <paramref name="waves"/> is 1,
    /// otherwise in that many equal Writes <paramref name="spacing"/> apart (counted from the first, not after each).
    /// Returns the longest Write's duration: node-opcua raises each condition (and queues its events) inside the Write,
    /// so this is how long the server was busy raising one batch before it could publish the last of it.
    /// </summary>
    public async Task<TimeSpan> SetAllAsync(bool active, int waves, TimeSpan spacing, CancellationToken cancellationToken)
    {
        var perWave = (machines + waves - 1) / waves;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var longest = TimeSpan.Zero;
        for (var wave = 0; wave < waves; wave++)
        {
            var first = (wave * perWave) + 1;
            var last = Math.Min(machines, first + perWave - 1);
            var writes = Enumerable.Range(first, last - first + 1)
                .Select(n => new WriteValue(Node(n), new DataValue { Value = active }))
                .ToList();
            var writing = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = await client.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(writing);
            longest = took > longest ? took : longest;
            if (results.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.IsBad) is { r.IsBad: true } bad)
            {
                throw new InvalidOperationException($"Writing Active={active} of {Machine(first + bad.i)} failed: {bad.r}");
            }

            var wait = (spacing * (wave + 1)) - clock.Elapsed;
            if (wave + 1 < waves && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        return longest;
    }

    private NodeId Node(int n) =>
        client.Namespaces.ToNodeId(ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s=Alarms.{Machine(n)}.Active"));
}
