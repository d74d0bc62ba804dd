using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Tests.Encoding;

/// <summary>The encoding examples printed in OPC UA Part 6 5.2.2 (String, Guid, NodeId figures).</summary>
public sealed class SpecExampleTests
{
    [Fact]
    public void String_SpecExampleWaterBoy_LengthThenUtf8()
    {
        // Part 6 Figure "Encoding Strings": "水Boy" -> 06 00 00 00 E6 B0 B4 42 6F 79.
        var e = new BinaryEncoder();
        e.WriteString("水Boy");
        Assert.Equal("06000000e6b0b4426f79", Hex.Of(e.WrittenSpan));
    }

    [Fact]
    public void Guid_Layout_Data1To3LittleEndianData4AsIs()
    {
        // Part 6 5.2.2.6: Data1 UInt32, Data2 UInt16, Data3 UInt16 little-endian, then the 8 bytes of Data4.
        var e = new BinaryEncoder();
        e.WriteGuid(Guid.Parse("C496578A-0DFE-4B8F-870A-745238C6AEAE"));
        Assert.Equal("8a5796c4fe0d8f4b870a745238c6aeae", Hex.Of(e.WrittenSpan));
    }

    [Theory]
    [InlineData("i=72", "0048")] // two-byte
    [InlineData("ns=5;i=1025", "01050104")] // four-byte
    [InlineData("ns=1;s=Hot水", "03010006000000486f74e6b0b4")] // string
    public void NodeId_SpecExamples_SmallestEncoding(string text, string hex)
    {
        var e = new BinaryEncoder();
        e.WriteNodeId(NodeId.Parse(text));
        Assert.Equal(hex, Hex.Of(e.WrittenSpan));
        Assert.Equal(NodeId.Parse(text), new BinaryDecoder(Hex.Parse(hex)).ReadNodeId());
    }

    [Fact]
    public void DateTime_BeforeEpochAndMax_ClampedAsSpecSays()
    {
        var e = new BinaryEncoder();
        e.WriteDateTime(new DateTime(1500, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        e.WriteDateTime(DateTime.MaxValue);
        Assert.Equal("0000000000000000ffffffffffffff7f", Hex.Of(e.WrittenSpan));
        var d = new BinaryDecoder(e.ToArray());
        Assert.Equal(DateTime.MinValue, d.ReadDateTime());
        Assert.Equal(DateTime.MaxValue, d.ReadDateTime());
    }
}
