using IntegrationHub.Adapters.Mqtt.Sparkplug;

namespace IntegrationHub.Adapters.Mqtt.Tests.Sparkplug;

public class SparkplugPayloadReaderTests
{
    // Encoded by Eclipse Tahu's sparkplug-payload 1.0.3 (tests/peers/sparkplug/golden.js): a DDATA of alias-only
    // metrics (Double 71.25, Int32 -3, Boolean true, Int16 -7, UInt64 1234567890123, Float 1.5 with its own timestamp).
    private const string TahuDdata =
        "0880f0b3c7ad33120d100a200a690000000000d05140120a100b200350fdffffff0f1206100c200b7001120a100d200250f9ffffff0f"
        + "120b100e200858cb89ec8ff7231210101018f4f3b3c7ad332009650000c03f1805";

    // An NBIRTH of the same encoder: temperature (alias 10, Double 70), label (alias 15, String) and bdSeq 3.
    private const string TahuNbirth =
        "0880f0b3c7ad33121a0a0b74656d7065726174757265100a200a69000000000080514012120a056c6162656c100f200c7a057072657373"
        + "120b0a056264536571200858031800";

    [Fact]
    public void Read_TahuDdata_DecodesEveryField()
    {
        var payload = SparkplugPayloadReader.Read(Convert.FromHexString(TahuDdata), 100);

        Assert.Equal(1_764_576_000_000UL, payload.Timestamp);
        Assert.Equal(5UL, payload.Seq);
        Assert.Equal(6, payload.Metrics.Count);
        Assert.All(payload.Metrics, m => Assert.Null(m.Name));
        Assert.Equal([10UL, 11, 12, 13, 14, 16], payload.Metrics.Select(m => m.Alias!.Value));
        Assert.Equal([10U, 3, 11, 2, 8, 9], payload.Metrics.Select(m => m.DataType!.Value));
        Assert.Equal((SparkplugValueField.Double, 71.25), (payload.Metrics[0].ValueField, payload.Metrics[0].Real));
        Assert.Equal(-3, (int)payload.Metrics[1].Bits);
        Assert.Equal((SparkplugValueField.Boolean, 1UL), (payload.Metrics[2].ValueField, payload.Metrics[2].Bits));
        Assert.Equal(-7, (short)payload.Metrics[3].Bits);
        Assert.Equal((SparkplugValueField.Long, 1_234_567_890_123UL), (payload.Metrics[4].ValueField, payload.Metrics[4].Bits));
        Assert.Equal((SparkplugValueField.Float, 1.5, 1_764_576_000_500UL), (payload.Metrics[5].ValueField, payload.Metrics[5].Real, payload.Metrics[5].Timestamp!.Value));
    }

    [Fact]
    public void Read_TahuNbirth_NamesAliasesAndBdSeq()
    {
        var payload = SparkplugPayloadReader.Read(Convert.FromHexString(TahuNbirth), 100);

        Assert.Equal(0UL, payload.Seq);
        Assert.Equal(["temperature", "label", "bdSeq"], payload.Metrics.Select(m => m.Name!));
        Assert.Equal((SparkplugValueField.String, "press"), (payload.Metrics[1].ValueField, payload.Metrics[1].Text));
        Assert.Equal((SparkplugValueField.Long, 3UL), (payload.Metrics[2].ValueField, payload.Metrics[2].Bits));
    }

    [Fact]
    public void Read_EveryTruncationOfARealPayload_IsRefusedNamingTheByte()
    {
        var bytes = Convert.FromHexString(TahuDdata);

        // Cut inside a field, the payload must be refused; cut between fields, it is never whole again: fewer metrics
        // remain, or the seq (the last field) is gone, which SparkplugSessions refuses.
        var refused = 0;
        for (var length = 1; length < bytes.Length; length++)
        {
            try
            {
                var payload = SparkplugPayloadReader.Read(bytes.AsMemory(0, length), 100);
                Assert.True(payload.Metrics.Count < 6 || payload.Seq is null, $"a cut at {length} kept the whole payload");
            }
            catch (SparkplugPayloadException ex)
            {
                Assert.Contains("byte", ex.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.True(refused > bytes.Length / 2, $"only {refused} of {bytes.Length - 1} truncations were refused");
    }

    [Fact]
    public void Read_MetricDeclaresMoreBytesThanArrive_SaysTruncated()
    {
        var bytes = Convert.FromHexString("120a100b"); // metrics, length 10, then only two bytes

        var ex = Assert.Throws<SparkplugPayloadException>(() => SparkplugPayloadReader.Read(bytes, 100));

        Assert.Equal("metric 0 declares 10 bytes at byte 2 but the payload ends at byte 4 (truncated)", ex.Message);
    }

    [Fact]
    public void Read_MoreMetricsThanAllowed_RefusedBeforeReadingThem()
    {
        var bytes = new PayloadBuilder(seq: 1).EmptyMetrics(10_001).Build();

        var ex = Assert.Throws<SparkplugPayloadException>(() => SparkplugPayloadReader.Read(bytes, 10_000));

        Assert.StartsWith("the Sparkplug B payload carries more than 10000 metrics (metric 10001 starts at byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FieldOfTheWrongWireType_NamesTheField()
    {
        // Payload.seq (field 3) written as a length-delimited field.
        var ex = Assert.Throws<SparkplugPayloadException>(() => SparkplugPayloadReader.Read(new byte[] { 0x1a, 0x01, 0x00 }, 100));

        Assert.Equal("Payload.seq (field 3) before byte 1 has wire type LengthDelimited; Varint was expected", ex.Message);
    }

    [Fact]
    public void Read_NotProtobufAtAll_IsRefused()
    {
        var ex = Assert.Throws<SparkplugPayloadException>(() => SparkplugPayloadReader.Read("{\"metric\":\"t\"}"u8.ToArray(), 100));

        Assert.StartsWith("the Sparkplug B payload of 14 bytes is not valid protobuf at byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebirth_DecodesAsTheNodeControlMetricSetToTrue()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_576_000_000);

        var bytes = SparkplugPayloadWriter.Rebirth(now);
        var payload = SparkplugPayloadReader.Read(bytes, 10);

        // Byte for byte what Tahu's sparkplug-payload encodes for the same request (golden.js): timestamp (1), one metric
        // (2) with name (1), timestamp (3), datatype Boolean (4 = 11) and boolean_value (14 = true). Tahu's client
        // answers it with its births (SparkplugEdgeNodeTests).
        Assert.Equal(
            "0880f0b3c7ad33" + "1221" + "0a144e6f646520436f6e74726f6c2f52656269727468" + "1880f0b3c7ad33" + "200b" + "7001",
            Convert.ToHexStringLower(bytes));
        var metric = Assert.Single(payload.Metrics);
        Assert.Equal(("Node Control/Rebirth", 11U, SparkplugValueField.Boolean, 1UL), (metric.Name, metric.DataType!.Value, metric.ValueField, metric.Bits));
    }
}
