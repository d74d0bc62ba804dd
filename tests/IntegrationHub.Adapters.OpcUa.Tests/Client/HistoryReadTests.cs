using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// HistoryRead of raw values (Part 4 5.10.3, Part 11 6.5.3) against the simulator, which historizes Test.Counter (one
/// value per tick) and keeps Line1.Machine1.State out of history: continuation points, the cap, and the statuses a
/// server gives for nodes it cannot read history of (issue 22 item 2).
/// </summary>
[Collection(MesServerCollection.Name)]
public sealed class HistoryReadTests(MesOpcUaServerFixture fixture)
{
    private readonly CancellationToken _ct = TestTimeout.Token(180);
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private async Task<(OpcUaClient Client, NodeId Counter)> ConnectAsync()
    {
        var client = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl }, _ct);
        return (client, client.Namespaces.ToNodeId(ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s=Test.Counter")));
    }

    private static DateTime Later => DateTime.UtcNow.AddDays(1);

    // At least `count` values in the counter's history (the simulator ticks every 100 ms in tests).
    private static async Task<RawHistory> WaitForHistoryAsync(OpcUaClient client, NodeId counter, int count, CancellationToken ct)
    {
        RawHistory? all = null;
        await WaitFor.ConditionAsync(async () =>
        {
            all = await client.ReadRawHistoryAsync(counter, Start, Later, 100_000, 1_000_000, ct);
            return all.Values.Count >= count;
        }, $"{count} values in the history of Test.Counter");
        return all!;
    }

    [Fact]
    public async Task ReadRawHistory_SmallPages_FollowsContinuationPointsToEveryValueInOrder()
    {
        var (client, counter) = await ConnectAsync();
        await using var _ = client;
        var all = await WaitForHistoryAsync(client, counter, 40, _ct);
        var end = all.Values[^1].SourceTimestamp!.Value;

        // Seven values per call: the server hands out a continuation point for each further page.
        var paged = await client.ReadRawHistoryAsync(counter, Start, end, 7, 1_000_000, _ct);

        Assert.True(paged.Status.IsGood, paged.Status.ToString());
        Assert.False(paged.Capped);
        Assert.Equal(all.Values.Select(v => (v.SourceTimestamp, v.Value.Value)), paged.Values.Select(v => (v.SourceTimestamp, v.Value.Value)));
        Assert.True(paged.Values.Count > 7 * 3, $"{paged.Values.Count} values");
        // One run of the server: oldest first, each tick one more.
        var counts = paged.Values.Select(v => (int)v.Value.Value!).ToList();
        Assert.Equal(Enumerable.Range(counts[0], counts.Count), counts);
        Assert.Equal(paged.Values.OrderBy(v => v.SourceTimestamp).ToList(), paged.Values);
    }

    [Fact]
    public async Task ReadRawHistory_MoreValuesThanTheCap_OldestKept_ContinuationReleased_SessionReadsOn()
    {
        var (client, counter) = await ConnectAsync();
        await using var _ = client;
        var all = await WaitForHistoryAsync(client, counter, 30, _ct);

        var capped = await client.ReadRawHistoryAsync(counter, Start, Later, 3, 10, _ct);

        Assert.True(capped.Capped);
        Assert.Equal(all.Values.Take(10).Select(v => v.SourceTimestamp), capped.Values.Select(v => v.SourceTimestamp));
        // The released continuation point left the session usable, and a read from where the cap stopped goes on.
        var next = await client.ReadRawHistoryAsync(counter, capped.Values[^1].SourceTimestamp!.Value, Later, 3, 5, _ct);
        Assert.Equal(all.Values.Skip(9).Take(5).Select(v => v.SourceTimestamp), next.Values.Select(v => v.SourceTimestamp));
    }

    [Fact]
    public async Task ReadRawHistory_NodeNotHistorized_BadHistoryOperationUnsupported_NoValues()
    {
        var (client, _) = await ConnectAsync();
        await using var __ = client;
        var state = client.Namespaces.ToNodeId(ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s=Line1.Machine1.State"));

        var history = await client.ReadRawHistoryAsync(state, Start, Later, 10, 100, _ct);

        Assert.Equal(0x80720000u, history.Status.Code & 0xFFFF0000); // BadHistoryOperationUnsupported
        Assert.Empty(history.Values);
        Assert.False(history.Capped);
    }

    [Fact]
    public async Task ReadRawHistory_UnknownNode_BadNodeIdUnknown()
    {
        var (client, counter) = await ConnectAsync();
        await using var _ = client;
        var unknown = new NodeId("No.Such.Node\u0001\n", counter.NamespaceIndex);

        var history = await client.ReadRawHistoryAsync(unknown, Start, Later, 10, 100, _ct);

        Assert.Equal(StatusCodes.BadNodeIdUnknown, history.Status);
        Assert.Empty(history.Values);
    }

    [Fact]
    public async Task ReadRawHistory_EmptyTimeDomain_GoodWithoutValues()
    {
        var (client, counter) = await ConnectAsync();
        await using var _ = client;

        var history = await client.ReadRawHistoryAsync(counter, Start, Start.AddDays(1), 10, 100, _ct);

        Assert.False(history.Status.IsBad, history.Status.ToString());
        Assert.Empty(history.Values);
    }

    [Fact]
    public async Task ReadRawHistory_EndBeforeStart_Or_NoRoomForValues_RefusedBeforeAnythingIsSent()
    {
        var (client, counter) = await ConnectAsync();
        await using var _ = client;

        var backwards = await Assert.ThrowsAsync<ArgumentException>(() => client.ReadRawHistoryAsync(counter, Later, Start, 10, 100, _ct));
        Assert.Contains("before the start", backwards.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ReadRawHistoryAsync(counter, Start, Later, 10, 0, _ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ReadRawHistoryAsync(counter, Start, Later, 0, 10, _ct));
    }
}
