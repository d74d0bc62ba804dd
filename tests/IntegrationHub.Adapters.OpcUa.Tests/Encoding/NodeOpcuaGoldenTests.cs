using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Tests.Encoding;

/// <summary>
/// Pins the wire format against bytes produced by node-opcua, an independent implementation: each case is
/// encoded by our encoder and compared byte for byte, and the golden bytes are decoded and checked field by field.
/// </summary>
public sealed class NodeOpcuaGoldenTests
{
    private static readonly DateTime Sample = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
    private static readonly Guid SampleGuid = Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63");

    private sealed record Case(Action<BinaryEncoder> Encode, Action<BinaryDecoder> Check, bool SameBytes = true);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Boolean.true"] = new(e => e.WriteBoolean(true), d => Assert.True(d.ReadBoolean())),
        ["SByte.-5"] = new(e => e.WriteSByte(-5), d => Assert.Equal(-5, d.ReadSByte())),
        ["Byte.200"] = new(e => e.WriteByte(200), d => Assert.Equal(200, d.ReadByte())),
        ["Int16.-2"] = new(e => e.WriteInt16(-2), d => Assert.Equal(-2, d.ReadInt16())),
        ["UInt16.65000"] = new(e => e.WriteUInt16(65000), d => Assert.Equal(65000, d.ReadUInt16())),
        ["Int32.-123456"] = new(e => e.WriteInt32(-123456), d => Assert.Equal(-123456, d.ReadInt32())),
        ["UInt32.4000000000"] = new(e => e.WriteUInt32(4000000000), d => Assert.Equal(4000000000u, d.ReadUInt32())),
        ["Int64.-2"] = new(e => e.WriteInt64(-2), d => Assert.Equal(-2L, d.ReadInt64())),
        ["UInt64.0x0102030405060708"] = new(e => e.WriteUInt64(0x0102030405060708), d => Assert.Equal(0x0102030405060708UL, d.ReadUInt64())),
        ["Float.1.5"] = new(e => e.WriteFloat(1.5f), d => Assert.Equal(1.5f, d.ReadFloat())),
        ["Double.-2.25"] = new(e => e.WriteDouble(-2.25), d => Assert.Equal(-2.25, d.ReadDouble())),
        ["String.héllo水"] = new(e => e.WriteString("héllo水"), d => Assert.Equal("héllo水", d.ReadString())),
        ["String.null"] = new(e => e.WriteString(null), d => Assert.Null(d.ReadString())),
        ["DateTime.2026-01-02T03:04:05.678Z"] = new(e => e.WriteDateTime(Sample), d => Assert.Equal(Sample, d.ReadDateTime())),
        ["Guid.72962B91-FA75-4AE6-8D28-B404DC7DAF63"] = new(e => e.WriteGuid(SampleGuid), d => Assert.Equal(SampleGuid, d.ReadGuid())),
        ["ByteString.010203"] = new(e => e.WriteByteString(new byte[] { 1, 2, 3 }), d => Assert.Equal(new byte[] { 1, 2, 3 }, d.ReadByteString())),
        ["NodeId.i=72"] = new(e => e.WriteNodeId(new NodeId(72)), d => Assert.Equal(NodeId.Parse("i=72"), d.ReadNodeId())),
        ["NodeId.ns=5;i=1025"] = new(e => e.WriteNodeId(new NodeId(1025, 5)), d => Assert.Equal(NodeId.Parse("ns=5;i=1025"), d.ReadNodeId())),
        ["NodeId.ns=1;i=70000"] = new(e => e.WriteNodeId(new NodeId(70000, 1)), d => Assert.Equal(NodeId.Parse("ns=1;i=70000"), d.ReadNodeId())),
        ["NodeId.ns=300;i=7"] = new(e => e.WriteNodeId(new NodeId(7, 300)), d => Assert.Equal(NodeId.Parse("ns=300;i=7"), d.ReadNodeId())),
        ["NodeId.ns=1;s=Hot水"] = new(e => e.WriteNodeId(new NodeId("Hot水", 1)), d => Assert.Equal(NodeId.Parse("ns=1;s=Hot水"), d.ReadNodeId())),
        ["NodeId.ns=2;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63"] = new(e => e.WriteNodeId(new NodeId(SampleGuid, 2)), d => Assert.Equal(new NodeId(SampleGuid, 2), d.ReadNodeId())),
        ["NodeId.ns=3;b=AQID"] = new(e => e.WriteNodeId(new NodeId(new byte[] { 1, 2, 3 }, 3)), d => Assert.Equal(NodeId.Parse("ns=3;b=AQID"), d.ReadNodeId())),
        // node-opcua writes the full numeric form when a namespace URI follows; we write the two-byte form. Both are valid.
        ["ExpandedNodeId.svr=2;nsu=urn:x;i=5"] = new(
            e => e.WriteExpandedNodeId(ExpandedNodeId.Parse("svr=2;nsu=urn:x;i=5")),
            d => Assert.Equal(ExpandedNodeId.Parse("svr=2;nsu=urn:x;i=5"), d.ReadExpandedNodeId()),
            SameBytes: false),
        ["ExpandedNodeId.nsu=urn:x;s=a"] = new(e => e.WriteExpandedNodeId(ExpandedNodeId.Parse("nsu=urn:x;s=a")), d => Assert.Equal("nsu=urn:x;s=a", d.ReadExpandedNodeId().ToString())),
        ["StatusCode.BadNodeIdUnknown"] = new(e => e.WriteStatusCode(StatusCodes.BadNodeIdUnknown), d => Assert.Equal("BadNodeIdUnknown", d.ReadStatusCode().Name)),
        ["QualifiedName.2:Temp"] = new(e => e.WriteQualifiedName(new QualifiedName(2, "Temp")), d => Assert.Equal(new QualifiedName(2, "Temp"), d.ReadQualifiedName())),
        ["LocalizedText.en-US:Hello"] = new(e => e.WriteLocalizedText(new LocalizedText("en-US", "Hello")), d => Assert.Equal(new LocalizedText("en-US", "Hello"), d.ReadLocalizedText())),
        ["LocalizedText.text-only"] = new(e => e.WriteLocalizedText(new LocalizedText(null, "Hi")), d => Assert.Equal(new LocalizedText(null, "Hi"), d.ReadLocalizedText())),
        ["LocalizedText.empty"] = new(e => e.WriteLocalizedText(new LocalizedText(null, null)), d => Assert.Equal(new LocalizedText(null, null), d.ReadLocalizedText())),
        ["Variant.Int32.-7"] = new(e => e.WriteVariant(-7), d => AssertVariant(d.ReadVariant(), BuiltInType.Int32, -7)),
        ["Variant.Double.0.5"] = new(e => e.WriteVariant(0.5), d => AssertVariant(d.ReadVariant(), BuiltInType.Double, 0.5)),
        ["Variant.String.abc"] = new(e => e.WriteVariant("abc"), d => AssertVariant(d.ReadVariant(), BuiltInType.String, "abc")),
        ["Variant.Null"] = new(e => e.WriteVariant(Variant.Null), d => Assert.True(d.ReadVariant().IsNull)),
        ["Variant.Int32Array.1,2,3"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.Int32, new[] { 1, 2, 3 })),
            d => Assert.Equal(new[] { 1, 2, 3 }, (int[])d.ReadVariant().Value!)),
        ["Variant.StringArray.a,null"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.String, new string?[] { "a", null })),
            d => Assert.Equal(new string?[] { "a", null }, (string?[])d.ReadVariant().Value!)),
        ["Variant.Int32Matrix.2x3"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.Int32, new[] { 1, 2, 3, 4, 5, 6 }, [2, 3])),
            d =>
            {
                var v = d.ReadVariant();
                Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, (int[])v.Value!);
                Assert.Equal(new[] { 2, 3 }, v.ArrayDimensions);
            }),
        ["Variant.VariantArray"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.Variant, new Variant[] { true, "x" })),
            d =>
            {
                var items = (Variant[])d.ReadVariant().Value!;
                AssertVariant(items[0], BuiltInType.Boolean, true);
                AssertVariant(items[1], BuiltInType.String, "x");
            }),
        ["Variant.LocalizedText"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.LocalizedText, new LocalizedText("de", "Hallo"))),
            d => AssertVariant(d.ReadVariant(), BuiltInType.LocalizedText, new LocalizedText("de", "Hallo"))),
        ["Variant.NodeId.ns=1;s=X"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.NodeId, NodeId.Parse("ns=1;s=X"))),
            d => AssertVariant(d.ReadVariant(), BuiltInType.NodeId, NodeId.Parse("ns=1;s=X"))),
        ["Variant.DateTime"] = new(e => e.WriteVariant(new Variant(BuiltInType.DateTime, Sample)), d => AssertVariant(d.ReadVariant(), BuiltInType.DateTime, Sample)),
        ["Variant.ExtensionObject.Range"] = new(
            e => e.WriteVariant(new Variant(BuiltInType.ExtensionObject, RangeObject())),
            d => AssertRange((ExtensionObject)d.ReadVariant().Value!)),
        ["ExtensionObject.Range"] = new(e => e.WriteExtensionObject(RangeObject()), d => AssertRange(d.ReadExtensionObject()!)),
        ["ExtensionObject.null"] = new(e => e.WriteExtensionObject((ExtensionObject?)null), d => Assert.Null(d.ReadExtensionObject())),
        ["DataValue.full"] = new(
            e => e.WriteDataValue(FullDataValue()),
            d =>
            {
                var v = d.ReadDataValue();
                Assert.Equal(21.5, v.Value.Value);
                Assert.Equal(FullDataValue() with { Value = default }, v with { Value = default });
            }),
        ["DataValue.valueOnly"] = new(
            e => e.WriteDataValue(new DataValue { Value = false }),
            d => AssertVariant(d.ReadDataValue().Value, BuiltInType.Boolean, false)),
        ["DataValue.empty"] = new(e => e.WriteDataValue(new DataValue()), d => Assert.Equal(new DataValue(), d.ReadDataValue())),
        ["DiagnosticInfo.nested"] = new(e => e.WriteDiagnosticInfo(NestedDiagnostics()), d => Assert.Equal(NestedDiagnostics(), d.ReadDiagnosticInfo())),
        ["DiagnosticInfo.empty"] = new(e => e.WriteDiagnosticInfo(new DiagnosticInfo()), d => Assert.Equal(new DiagnosticInfo(), d.ReadDiagnosticInfo())),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Encode_SameValueAsNodeOpcua_SameBytes(string name)
    {
        var c = Cases[name];
        var encoder = new BinaryEncoder();
        c.Encode(encoder);
        if (c.SameBytes)
        {
            Assert.Equal(Hex.Of(GoldenBytes.Get(name)), Hex.Of(encoder.WrittenSpan));
        }
        else
        {
            // Our form must at least decode to the same value.
            c.Check(new BinaryDecoder(encoder.ToArray()));
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decode_NodeOpcuaBytes_ExpectedValueAndWholeBuffer(string name)
    {
        var decoder = new BinaryDecoder(GoldenBytes.Get(name));
        Cases[name].Check(decoder);
        Assert.Equal(0, decoder.Remaining);
    }

    [Fact]
    public void GoldenFile_EveryCaptureHasACase()
    {
        string[] structures = ["ReadValueId.ns=1;s=Line1.Value", "CallMethodRequest.GetMonitoredItems", "CallMethodResult.GetMonitoredItems",
            .. HistoryGoldenTests.Captures];
        var missing = GoldenBytes.Names.Where(n => !Cases.ContainsKey(n) && !structures.Contains(n)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void DataValue_FullGolden_PicosecondsAndStatusDecoded()
    {
        var v = new BinaryDecoder(GoldenBytes.Get("DataValue.full")).ReadDataValue();
        Assert.Equal(21.5, v.Value.Value);
        Assert.Equal("UncertainLastUsableValue", v.Status.Name);
        Assert.Equal((ushort)1, v.SourcePicoseconds); // node-opcua was given 10 ps: one 10 ps unit on the wire
        Assert.Equal((ushort)2, v.ServerPicoseconds);
        Assert.Equal(Sample, v.SourceTimestamp);
    }

    [Fact]
    public void ReadValueId_SameAsNodeOpcua()
    {
        // A service structure, not a built-in type: NodeId, AttributeId, IndexRange (null), DataEncoding (null name).
        var e = new BinaryEncoder();
        new ReadValueId(NodeId.Parse("ns=1;s=Line1.Value")).Encode(e);
        Assert.Equal(Hex.Of(GoldenBytes.Get("ReadValueId.ns=1;s=Line1.Value")), Hex.Of(e.WrittenSpan));
    }

    [Fact]
    public void CallMethodRequest_GetMonitoredItems_SameAsNodeOpcua()
    {
        // ObjectId, MethodId, InputArguments (Variant[]): how the client asks which items a subscription holds.
        var e = new BinaryEncoder();
        new CallMethodRequest(new NodeId(2253), new NodeId(11492), [7u]).Encode(e);
        Assert.Equal(Hex.Of(GoldenBytes.Get("CallMethodRequest.GetMonitoredItems")), Hex.Of(e.WrittenSpan));
    }

    [Fact]
    public void CallMethodResult_GetMonitoredItemsAnswer_DecodedWhole()
    {
        // StatusCode, InputArgumentResults, InputArgumentDiagnosticInfos (empty), OutputArguments: two UInt32 arrays.
        var d = new BinaryDecoder(GoldenBytes.Get("CallMethodResult.GetMonitoredItems"));
        var result = CallMethodResult.Decode(d);
        Assert.Equal(0, d.Remaining);
        Assert.True(result.StatusCode.IsGood);
        Assert.True(Assert.Single(result.InputArgumentResults).IsGood);
        Assert.Equal(2, result.OutputArguments.Length);
        Assert.Equal(new uint[] { 70001, 70002 }, Assert.IsType<uint[]>(result.OutputArguments[0].Value));
        Assert.Equal(new uint[] { 1, 2 }, Assert.IsType<uint[]>(result.OutputArguments[1].Value));
    }

    private static void AssertVariant(Variant v, BuiltInType type, object expected)
    {
        Assert.Equal(type, v.Type);
        Assert.False(v.IsArray);
        Assert.Equal(expected, v.Value);
    }

    // Range (DataType i=884) with its Default Binary encoding i=886: Low Double, High Double.
    private static ExtensionObject RangeObject()
    {
        var body = new BinaryEncoder();
        body.WriteDouble(-1.5);
        body.WriteDouble(100);
        return new ExtensionObject(new NodeId(886), body.ToArray());
    }

    private static void AssertRange(ExtensionObject eo)
    {
        Assert.Equal(new NodeId(886), eo.TypeId);
        var d = new BinaryDecoder(eo.BinaryBody!);
        Assert.Equal(-1.5, d.ReadDouble());
        Assert.Equal(100.0, d.ReadDouble());
    }

    private static DataValue FullDataValue() => new()
    {
        Value = 21.5,
        Status = new StatusCode(0x40900000),
        SourceTimestamp = Sample,
        SourcePicoseconds = 1,
        ServerTimestamp = new DateTime(2026, 1, 2, 3, 4, 6, DateTimeKind.Utc),
        ServerPicoseconds = 2,
    };

    private static DiagnosticInfo NestedDiagnostics() => new()
    {
        SymbolicId = 1,
        NamespaceUri = 2,
        Locale = 3,
        LocalizedText = 4,
        AdditionalInfo = "more",
        InnerStatusCode = StatusCodes.BadTimeout,
        InnerDiagnosticInfo = new DiagnosticInfo { SymbolicId = 9 },
    };
}
