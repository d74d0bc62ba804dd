using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Tests.Encoding;

/// <summary>
/// The HistoryRead structures (Part 4 5.10.3, Part 11 6.5.3 and 6.6.2) pinned against bytes node-opcua's encoders
/// produced (TestData/capture-golden.js), and what the client makes of answers that are not what it asked for.
/// </summary>
public sealed class HistoryGoldenTests
{
    internal static readonly string[] Captures =
        ["ExtensionObject.ReadRawModifiedDetails", "HistoryReadValueId.ns=2;s=Test.Counter", "HistoryReadResult.TwoValues"];

    private static readonly DateTime Sample = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
    private static readonly NodeId Counter = new("Test.Counter", 2);

    [Fact]
    public void ReadRawModifiedDetails_InItsExtensionObject_SameAsNodeOpcua()
    {
        var e = new BinaryEncoder();
        e.WriteExtensionObject(new ReadRawModifiedDetails(Sample, new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc), 7));
        Assert.Equal(Hex.Of(GoldenBytes.Get("ExtensionObject.ReadRawModifiedDetails")), Hex.Of(e.WrittenSpan));
    }

    [Fact]
    public void HistoryReadValueId_WithContinuationPoint_SameAsNodeOpcua()
    {
        var e = new BinaryEncoder();
        new HistoryReadValueId(Counter, [1, 2, 3]).Encode(e);
        Assert.Equal(Hex.Of(GoldenBytes.Get("HistoryReadValueId.ns=2;s=Test.Counter")), Hex.Of(e.WrittenSpan));
    }

    [Fact]
    public void HistoryReadResult_NodeOpcuaAnswer_DecodedWhole()
    {
        var d = new BinaryDecoder(GoldenBytes.Get("HistoryReadResult.TwoValues"));
        var result = HistoryReadResult.Decode(d);

        Assert.Equal(0, d.Remaining);
        Assert.True(result.StatusCode.IsGood);
        Assert.Equal(new byte[] { 9, 9 }, result.ContinuationPoint);
        var values = OpcUaClient.DataValuesOf(result, Counter);
        Assert.Equal([41, 42], values.Select(v => (int)v.Value.Value!));
        Assert.Equal([Sample, Sample.AddMilliseconds(100)], values.Select(v => v.SourceTimestamp!.Value));
    }

    [Fact]
    public void HistoryReadResult_ModifiedDataInsteadOfHistoryData_ProtocolErrorNamingNodeAndType()
    {
        // HistoryModifiedData (i=11227), which a raw read must not bring: its values are not ours to store.
        var e = new BinaryEncoder();
        e.WriteStatusCode(StatusCodes.Good);
        e.WriteByteString(null);
        e.WriteExtensionObject(new ExtensionObject(new NodeId(11227), [0, 0, 0, 0, 0, 0, 0, 0]));
        var result = HistoryReadResult.Decode(new BinaryDecoder(e.WrittenSpan.ToArray()));

        var ex = Assert.Throws<OpcUaProtocolException>(() => OpcUaClient.DataValuesOf(result, Counter));

        Assert.Contains("ns=2;s=Test.Counter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("i=11227", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryReadResult_NoHistoryData_NoValues()
    {
        var e = new BinaryEncoder();
        e.WriteStatusCode(StatusCodes.BadNodeIdUnknown);
        e.WriteByteString(null);
        e.WriteExtensionObject((ExtensionObject?)null);
        var result = HistoryReadResult.Decode(new BinaryDecoder(e.WrittenSpan.ToArray()));

        Assert.Equal(StatusCodes.BadNodeIdUnknown, result.StatusCode);
        Assert.Empty(OpcUaClient.DataValuesOf(result, Counter));
    }

    [Fact]
    public void HistoryData_HugeValueCount_RefusedBeforeAllocating()
    {
        // HistoryData claiming 2^31-1 DataValues in a four-byte body.
        var ex = Assert.Throws<OpcUaProtocolException>(() => HistoryData.Decode(new BinaryDecoder(Hex.Parse("ffffff7f"))));
        Assert.Contains("DataValue[]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryReadResponse_CutShort_ProtocolErrorNotAPartialResult()
    {
        var whole = Response(0);
        var decoded = HistoryReadResponse.Decode(new BinaryDecoder(whole));
        Assert.Equal(2, OpcUaClient.DataValuesOf(Assert.Single(decoded.Results), Counter).Length);

        Assert.Throws<OpcUaProtocolException>(() => HistoryReadResponse.Decode(new BinaryDecoder(Response(5))));
    }

    // A response with the golden result, less its last `cut` bytes.
    private static byte[] Response(int cut)
    {
        var golden = GoldenBytes.Get("HistoryReadResult.TwoValues");
        var e = new BinaryEncoder();
        e.WriteDateTime(Sample); // ResponseHeader: timestamp, handle, result, diagnostics, string table, additional header
        e.WriteUInt32(1);
        e.WriteStatusCode(StatusCodes.Good);
        e.WriteByte(0);
        e.WriteInt32(-1);
        e.WriteExtensionObject((ExtensionObject?)null);
        e.WriteInt32(1);
        e.WriteRaw(golden.AsSpan(0, golden.Length - cut));
        if (cut == 0)
        {
            e.WriteInt32(-1); // DiagnosticInfos
        }

        return e.WrittenSpan.ToArray();
    }
}
