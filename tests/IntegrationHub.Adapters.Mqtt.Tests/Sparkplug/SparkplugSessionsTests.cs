using IntegrationHub.Adapters.Mqtt.Sparkplug;

namespace IntegrationHub.Adapters.Mqtt.Tests.Sparkplug;

/// <summary>The host side of Sparkplug B, message by message, with hostile messages among them.</summary>
public class SparkplugSessionsTests
{
    private const string NodeBirth = "spBv1.0/plant1/NBIRTH/edge1";
    private const string NodeDeath = "spBv1.0/plant1/NDEATH/edge1";
    private const string DeviceBirth = "spBv1.0/plant1/DBIRTH/edge1/press-1";
    private const string DeviceData = "spBv1.0/plant1/DDATA/edge1/press-1";
    private const string DeviceDeath = "spBv1.0/plant1/DDEATH/edge1/press-1";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_576_060_000);

    private readonly SparkplugSessions _sessions = new();

    [Fact]
    public void Data_AliasesFromTheBirths_BecomeNamedTypedReadings()
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: 2).Double(null, 10, 71.5).Int(null, 12, unchecked((uint)-7), datatype: null).Build());

        Assert.Empty(result.Problems);
        Assert.Null(result.RebirthReason);
        Assert.Equal(["temperature=71.5", "offset=-7"], result.Readings.Select(r => $"{r["metric"]}={r["value"]}"));
        var reading = result.Readings[0];
        Assert.Equal(("plant1", "edge1", "press-1", "press-1"), (reading["group"], reading["edgeNode"], reading["device"], reading["asset"]));
        Assert.Equal(("Double", "Good", "2025-12-01T08:00:00.0000000+00:00"), (reading["datatype"], reading["quality"], reading["ts"]));
    }

    [Fact]
    public void Birth_StringAndControlMetrics_AreNotReadings()
    {
        var result = Read(NodeBirth, new PayloadBuilder(seq: 0).Text("Properties/Hardware", null, "press line").Long("Node Control/Rebirth", null, 0, datatype: 11)
            .Long("uptime", 1, 99, datatype: 4).BdSeq(4).Build());

        Assert.Empty(result.Problems);
        var reading = Assert.Single(result.Readings);
        Assert.Equal(("uptime", "99", "edge1"), (reading["metric"], reading["value"], reading["asset"]));
        Assert.False(reading.ContainsKey("device"));
    }

    [Fact]
    public void Data_AliasNeverBorn_DeadLettersThatMetricKeepsTheOthersAndAsksForRebirth()
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: 2).Double(null, 10, 70).Double(null, 99, 1).Build());

        Assert.Equal(["metric 1: alias 99 was never born on device plant1/edge1/press-1"], result.Problems);
        Assert.Equal("a DDATA used an alias never born", result.RebirthReason);
        Assert.Equal("temperature", Assert.Single(result.Readings)["metric"]);
    }

    [Fact]
    public void Data_SeqGap_AsksForRebirthOnceUntilTheIntervalOrABirth()
    {
        Born(bdSeq: 4);

        var gap = Read(DeviceData, new PayloadBuilder(seq: 4).Double(null, 10, 70).Build());
        var again = Read(DeviceData, new PayloadBuilder(seq: 9).Double(null, 10, 70).Build());
        var later = Read(DeviceData, new PayloadBuilder(seq: 12).Double(null, 10, 70).Build(), Now + SparkplugSessions.RebirthInterval);

        Assert.Equal("seq 4 followed 1: 2 message(s) missing", gap.RebirthReason);
        Assert.Single(gap.Readings);
        Assert.Null(again.RebirthReason);
        Assert.Equal("seq 12 followed 9: 2 message(s) missing", later.RebirthReason);
    }

    [Fact]
    public void Data_SeqWrapsFrom255To0_IsNoGap()
    {
        Born(bdSeq: 4);
        for (ulong seq = 2; seq <= 255; seq++)
        {
            Assert.Null(Read(DeviceData, new PayloadBuilder(seq: seq).Double(null, 10, 70).Build()).RebirthReason);
        }

        var wrapped = Read(DeviceData, new PayloadBuilder(seq: 0).Double(null, 10, 70).Build());

        Assert.Null(wrapped.RebirthReason);
        Assert.Empty(wrapped.Problems);
    }

    [Theory]
    [InlineData(256UL)]
    [InlineData(ulong.MaxValue)]
    public void Data_SeqOutOfRange_NothingReadAndRebirthAsked(ulong seq)
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: seq).Double(null, 10, 70).Build());

        Assert.Equal([$"the DDATA's seq {seq} is outside 0-255; its metrics were not read"], result.Problems);
        Assert.Empty(result.Readings);
        Assert.Equal("a DDATA has no valid seq", result.RebirthReason);
    }

    [Fact]
    public void Data_NoSeq_NothingReadAndRebirthAsked()
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: null).Double(null, 10, 70).Build());

        Assert.Equal(["the DDATA has no seq"], result.Problems);
        Assert.Empty(result.Readings);
        Assert.NotNull(result.RebirthReason);
    }

    [Fact]
    public void Data_FromANodeNeverSeenBorn_AsksForRebirthAndReadsNamedMetrics()
    {
        var result = Read("spBv1.0/plant1/NDATA/edge9", new PayloadBuilder(seq: 17).Double("temperature", null, 70).Double(null, 3, 1).Build());

        Assert.Equal("a NDATA came from a node the hub has not seen born", result.RebirthReason);
        Assert.Equal("temperature", Assert.Single(result.Readings)["metric"]);
        Assert.Equal(["metric 1: alias 3 was never born on edge node plant1/edge9"], result.Problems);
    }

    [Fact]
    public void Data_UnknownDatatype_NamesTheMetricAndTheNumber()
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: 2).Double("vibration", null, 3, datatype: 99).Double(null, 10, 70).Build());

        Assert.Equal(["metric 'vibration' has datatype 99, which Sparkplug B does not define"], result.Problems);
        Assert.Equal("temperature", Assert.Single(result.Readings)["metric"]);
    }

    [Fact]
    public void Data_ValueInTheWrongFieldOrNotFinite_IsAProblemNotAReading()
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: 2).Text(null, 10, "hot", datatype: null).Double(null, 11, double.NaN, datatype: 10).Build());

        Assert.Equal(["metric 'temperature' is a Double but carries its value in the String field", "metric 'rpm' (Double) is NaN, not a finite number"], result.Problems);
        Assert.Empty(result.Readings);
    }

    [Fact]
    public void Data_TruncatedPayload_DeadLetteredAndRebirthAsked()
    {
        Born(bdSeq: 4);
        var bytes = new PayloadBuilder(seq: 2).Double(null, 10, 70).Build();

        var result = Read(DeviceData, bytes[..^3]);

        Assert.StartsWith("metric 0 declares", Assert.Single(result.Problems), StringComparison.Ordinal);
        Assert.Equal("a DDATA payload could not be read", result.RebirthReason);
        Assert.Empty(result.Readings);
    }

    [Fact]
    public void Data_HugeMetricCount_RefusedWhole()
    {
        Born(bdSeq: 4);

        var result = Read(DeviceData, new PayloadBuilder(seq: 2).EmptyMetrics(SparkplugSessions.DefaultMaxMetrics + 1).Build());

        Assert.StartsWith("the Sparkplug B payload carries more than 10000 metrics", Assert.Single(result.Problems), StringComparison.Ordinal);
        Assert.Empty(result.Readings);
    }

    [Theory]
    [InlineData("spBv1.0/plant1/DDATA/edge1/press\u0001", "'spBv1.0/plant1/DDATA/edge1/press\\u0001': the device id is empty or holds control characters")]
    [InlineData("spBv1.0/pl\nant/NDATA/edge1", "'spBv1.0/pl\\u000aant/NDATA/edge1': the group id is empty or holds control characters")]
    [InlineData("spBv1.0/plant1/DDATA/edge1", "'spBv1.0/plant1/DDATA/edge1': a DDATA topic ends with the device id")]
    [InlineData("spBv1.0/plant1/NDATA,NBIRTH/edge1", "'spBv1.0/plant1/NDATA,NBIRTH/edge1' is not spBv1.0/<group>/<NBIRTH|NDEATH|DBIRTH|DDEATH|NDATA|DDATA|NCMD|DCMD>/<edge node>[/<device>]")]
    public void Topic_ControlCharactersOrWrongShape_RefusedEscapedWithoutFollowingANode(string topic, string problem)
    {
        var result = Read(topic, new PayloadBuilder(seq: 0).Double("temperature", null, 70).Build());

        Assert.Equal([problem], result.Problems);
        Assert.Empty(result.Readings);
        Assert.Null(result.RebirthReason);
    }

    [Fact]
    public void StateAndCommands_AreIgnored()
    {
        Assert.Empty(Read("spBv1.0/STATE/scada-1", "{\"online\":true,\"timestamp\":1}"u8.ToArray()).Problems);
        Assert.Empty(Read("spBv1.0/plant1/NCMD/edge1", SparkplugPayloadWriter.Rebirth(Now)).Readings);
    }

    [Fact]
    public void NodeDeath_MatchingBdSeq_TurnsNodeAndDeviceMetricsOfflineWithTheirLastValues()
    {
        Born(bdSeq: 4);
        Read(DeviceData, new PayloadBuilder(seq: 2).Double(null, 10, 88.5).Build());

        var result = Read(NodeDeath, new PayloadBuilder(seq: null, timestamp: 1).BdSeq(4).Build(), Now + TimeSpan.FromMinutes(1));

        Assert.True(result.WentOffline);
        Assert.Empty(result.Problems);
        Assert.Equal(
            ["edge1/uptime=99", "press-1/temperature=88.5", "press-1/rpm=1000", "press-1/offset=0"],
            result.Readings.Select(r => $"{r["asset"]}/{r["metric"]}={r["value"]}"));
        Assert.All(result.Readings, r => Assert.Equal(("Offline", (Now + TimeSpan.FromMinutes(1)).ToString("O")), (r["quality"], r["ts"])));

        // Dead: the next data comes from a node the hub has not seen born.
        Assert.NotNull(Read(DeviceData, new PayloadBuilder(seq: 3).Double(null, 10, 70).Build(), Now + TimeSpan.FromMinutes(2)).RebirthReason);
    }

    [Fact]
    public void NodeDeath_StaleBdSeq_DoesNotTakeTheNodeOffline()
    {
        Born(bdSeq: 4);

        var stale = Read(NodeDeath, new PayloadBuilder(seq: null).BdSeq(3).Build());
        var data = Read(DeviceData, new PayloadBuilder(seq: 2).Double(null, 10, 70).Build());

        Assert.False(stale.WentOffline);
        Assert.Empty(stale.Readings);
        Assert.Equal("stale NDEATH of plant1/edge1 ignored: its bdSeq is 3, the node's birth has 4", stale.Notice);
        Assert.Null(data.RebirthReason);
        Assert.Equal("Good", Assert.Single(data.Readings)["quality"]);
    }

    [Fact]
    public void NodeDeath_WithoutBdSeq_IsAProblemAndChangesNothing()
    {
        Born(bdSeq: 4);

        var result = Read(NodeDeath, new PayloadBuilder(seq: null).Build());

        Assert.Equal(["the NDEATH has no bdSeq metric, so it cannot be matched to the node's session; the node was not taken offline"], result.Problems);
        Assert.False(result.WentOffline);
    }

    [Fact]
    public void DeviceDeath_TakesOnlyTheDeviceOffline_StampedAfterItsLastReading()
    {
        Born(bdSeq: 4);
        var late = Now + TimeSpan.FromHours(1);
        Read(DeviceData, new PayloadBuilder(seq: 2, timestamp: (ulong)late.ToUnixTimeMilliseconds()).Double(null, 10, 80).Build());

        // The device's clock is an hour ahead of the hub's: the offline reading still comes after its last reading.
        var result = Read(DeviceDeath, new PayloadBuilder(seq: 3).Build());

        Assert.Equal(["press-1/temperature", "press-1/rpm", "press-1/offset"], result.Readings.Select(r => $"{r["asset"]}/{r["metric"]}"));
        Assert.Equal(late.AddMilliseconds(1).ToString("O"), result.Readings[0]["ts"]);
        Assert.Null(result.RebirthReason);
    }

    private void Born(ulong bdSeq)
    {
        var node = Read(NodeBirth, new PayloadBuilder(seq: 0).Long("uptime", 1, 99, datatype: 4).BdSeq(bdSeq).Build());
        var device = Read(DeviceBirth, new PayloadBuilder(seq: 1).Double("temperature", 10, 70).Double("rpm", 11, 1000)
            .Int("offset", 12, 0, datatype: 2).Build());
        Assert.Empty(node.Problems.Concat(device.Problems));
    }

    private SparkplugReadResult Read(string topic, byte[] payload, DateTimeOffset? at = null) => _sessions.Read(topic, payload, at ?? Now);
}
