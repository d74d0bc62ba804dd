using System.Globalization;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.Tests.Client;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>
/// Issue 22 item 2: the hub is cut off while the simulator restarts and goes on producing historized values (its
/// history is kept in files, so it spans the restart); the subscription cannot be transferred to the restarted server,
/// so it is created anew and the adapter reads the gap from history. Test.Counter is historized and reported by
/// exception (sampling interval 0), so every value the server had is in its history and in what the hub stored: the
/// stored values must be exactly the server's, once each, in source-time order. Line1.Machine1.State is not
/// historized: its gap is reported as not recovered.
/// </summary>
public sealed class MesHistoryBackfillTests
{
    private const string Ns = MesOpcUaServer.NamespaceUri;
    private static readonly DateTime Beginning = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly CancellationToken _ct = TestTimeout.Token(300);

    private static MesAdapterOptions Options(OpcUaClientOptions client, int cap, uint valuesPerRead) => new()
    {
        Client = client,
        PublishingInterval = TimeSpan.FromMilliseconds(200),
        SamplingInterval = TimeSpan.Zero,
        MaxBackfillValuesPerNode = cap,
        HistoryValuesPerRead = valuesPerRead,
        Machines =
        [
            new MachineNodes
            {
                AssetId = "EQ-CNT",
                Metrics = new Dictionary<string, MetricNode>
                {
                    ["count"] = new() { Node = $"nsu={Ns};s=Test.Counter" },
                    ["state"] = new() { Node = $"nsu={Ns};s=Line1.Machine1.State" },
                },
            },
        ],
    };

    [Fact]
    public async Task ServerRestartWhileCutOff_SubscriptionRecreated_EveryValueOfTheGapStoredOnceInSourceTimeOrder()
    {
        // Three values per HistoryRead: the gap of 40 and more values comes through many continuation points.
        await using var run = await GapScenario.RunAsync(Options, cap: 10_000, valuesPerRead: 3, gapValues: 40, _ct);

        var stored = run.StoredCounts();
        Assert.True(stored.Zip(stored.Skip(1)).All(p => p.First.Time < p.Second.Time), "stored out of source-time order or twice: " + run.Describe(stored));
        // Exactly the server's values over the stored span: none missing (the gap included), none twice, none made up.
        var server = run.History.Where(v => v.Time >= stored[0].Time && v.Time <= stored[^1].Time).ToList();
        Assert.True(server.SequenceEqual(stored), $"stored {stored.Count} values, the server has {server.Count} over that span: {run.Describe(stored)}");

        var status = run.Adapter.GetStatus();
        Assert.True(status.Counts["valuesRecovered"] >= 40, $"recovered {status.Counts["valuesRecovered"]}");
        // The recreated item's initial value is the newest value history brought: not stored a second time.
        Assert.True(status.Counts["duplicatesSkipped"] >= 1, $"duplicates skipped {status.Counts["duplicatesSkipped"]}");
        Assert.Equal(status.Counts["gaps"], status.Counts["nodeGapsNotRecovered"]);
        Assert.Contains("created anew", status.LastGap, StringComparison.Ordinal);
        Assert.Contains("machine EQ-CNT metric state: the server answered BadHistoryOperationUnsupported", status.LastGap, StringComparison.Ordinal);
        Assert.DoesNotContain("metric count:", status.LastGap, StringComparison.Ordinal);
        Assert.Contains(run.Log.Entries, e => e.EventId == 4130);
        Assert.Contains(run.Log.Entries, e => e.EventId == 4213);
        Assert.Contains(run.Log.Entries, e => e.EventId == 4214);
        Assert.Contains(run.Log.Entries, e => e.EventId == 4215 && e.Message.Contains("metric state", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Log.Entries, e => e.EventId == 4216);
    }

    [Fact]
    public async Task GapBiggerThanTheCap_OldestCapValuesStored_RestReportedNotRecovered_NothingTwice()
    {
        await using var run = await GapScenario.RunAsync(Options, cap: 5, valuesPerRead: 2, gapValues: 30, _ct);

        var stored = run.StoredCounts();
        Assert.True(stored.Zip(stored.Skip(1)).All(p => p.First.Time < p.Second.Time), "stored out of source-time order or twice: " + run.Describe(stored));
        // Every stored value is the server's; in the server's history they run without a hole except one per gap: the
        // values after the cap, up to the live ones.
        var positions = stored.Select(s => run.History.IndexOf(s)).ToList();
        Assert.DoesNotContain(-1, positions);
        var status = run.Adapter.GetStatus();
        var holes = positions.Zip(positions.Skip(1)).Count(p => p.Second != p.First + 1);
        Assert.True(holes == status.Counts["gaps"] && holes >= 1, $"{holes} holes for {status.Counts["gaps"]} gaps: {run.Describe(stored)}");
        Assert.Equal(5 * status.Counts["gaps"], status.Counts["valuesRecovered"]);
        Assert.Contains("more than 5 values in the gap: the oldest 5", status.LastGap, StringComparison.Ordinal);
        Assert.Contains(run.Log.Entries, e => e.EventId == 4216);
        Assert.Contains(run.Log.Entries, e => e.EventId == 4131); // the client released the server's continuation point
    }

    /// <summary>The adapter stores counter values; the hub is cut off, the server restarts and runs on, the hub comes back.</summary>
    private sealed class GapScenario : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _owned = [];

        public required MesAdapter Adapter { get; init; }

        public required RecordingMesSink Sink { get; init; }

        public required ListLogger Log { get; init; }

        public required List<(DateTime Time, string? Value)> History { get; init; }

        public static async Task<GapScenario> RunAsync(
            Func<OpcUaClientOptions, int, uint, MesAdapterOptions> options, int cap, uint valuesPerRead, int gapValues, CancellationToken ct)
        {
            var owned = new List<IAsyncDisposable>();
            try
            {
                var server = await MesOpcUaServer.StartAsync(ct);
                owned.Add(server);
                var proxy = new CuttableTcpProxy(server.Port);
                owned.Add(proxy);
                var log = new ListLogger();
                var sink = new RecordingMesSink();
                var adapter = new MesAdapter(options(ReconnectTests.Options(server) with { EndpointUrl = proxy.EndpointUrl, Logger = log }, cap, valuesPerRead), sink, logger: log);
                owned.Add(adapter);
                await adapter.StartAsync(ct);
                await WaitFor.ConditionAsync(() => Counts(sink).Count >= 5, "five counter values stored");

                proxy.CutAndBlock();
                await server.StopAsync(ct);
                await server.StartAgainAsync(ct);
                var probe = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), ct);
                owned.Add(probe);
                var counter = probe.Namespaces.ToNodeId(ExpandedNodeId.Parse($"nsu={Ns};s=Test.Counter"));
                await WaitFor.ConditionAsync(async () => (await probe.ReadValueAsync(counter, ct)).Value.Value is int n && n >= gapValues,
                    $"the restarted server's counter at {gapValues}");

                proxy.Unblock();
                var resumed = (int)(await probe.ReadValueAsync(counter, ct)).Value.Value!;
                // Live values again, well after the gap's (the pump reads the gap's history before them).
                await WaitFor.ConditionAsync(() => Counts(sink).Any(c => Number(c.Value) >= resumed + 10), "live values after the gap");
                var history = await probe.ReadRawHistoryAsync(counter, Beginning, DateTime.UtcNow.AddDays(1), 1000, 1_000_000, ct);
                Assert.True(history.Status.IsGood, history.Status.ToString());
                var scenario = new GapScenario
                {
                    Adapter = adapter,
                    Sink = sink,
                    Log = log,
                    History = history.Values.Select(v => (v.SourceTimestamp!.Value, Convert.ToString(v.Value.Value, CultureInfo.InvariantCulture))).ToList(),
                };
                scenario._owned.AddRange(owned);
                return scenario;
            }
            catch
            {
                await DisposeAllAsync(owned);
                throw;
            }
        }

        private static int Number(string? text) => int.Parse(text!, CultureInfo.InvariantCulture);

        private static List<(DateTime Time, string? Value)> Counts(RecordingMesSink sink) => sink.Records
            .Where(r => r.Fields["metric"] == "count")
            .Select(r => (DateTimeOffset.Parse(r.Fields["ts"]!, CultureInfo.InvariantCulture).UtcDateTime, r.Fields["value"]))
            .ToList();

        public List<(DateTime Time, string? Value)> StoredCounts() => Counts(Sink);

        public string Describe(List<(DateTime Time, string? Value)> stored) =>
            "stored " + string.Join(",", stored.Select(s => s.Value)) + " | server " + string.Join(",", History.Select(h => h.Value))
            + " | log " + string.Join(" | ", Log.Entries.Where(e => e.EventId >= 4100).Select(e => $"{e.EventId}: {e.Message}"));

        public async ValueTask DisposeAsync() => await DisposeAllAsync(_owned);

        private static async Task DisposeAllAsync(List<IAsyncDisposable> owned)
        {
            for (var i = owned.Count - 1; i >= 0; i--)
            {
                await owned[i].DisposeAsync();
            }
        }
    }
}
