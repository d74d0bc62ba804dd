using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Tests.Encoding;

public sealed class MalformedInputTests
{
    [Fact]
    public void ReadString_LengthBeyondBuffer_ErrorNamesTypeAndOffset()
    {
        var d = new BinaryDecoder(Hex.Parse("00 0a000000 6162"));
        d.ReadByte();
        var ex = Assert.Throws<OpcUaProtocolException>(() => d.ReadString());
        Assert.Equal("String", ex.TypeName);
        Assert.Equal(1, ex.Offset);
        Assert.Contains("offset 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_NegativeLength_Error()
    {
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("feffffff")).ReadString());
        Assert.Contains("negative length -2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_InvalidUtf8_Error()
    {
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("02000000 c328")).ReadString());
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadByteString_OverLimit_EncodingLimitsExceededBeforeAllocating()
    {
        var limits = new EncodingLimits { MaxByteStringLength = 4 };
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("05000000 0102030405"), limits).ReadByteString());
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, ex.StatusCode);
    }

    [Fact]
    public void ReadVariant_HugeArrayLengthInTinyBuffer_FailsWithoutAllocating()
    {
        // Int32 array claiming 100,000,000 elements in a 5-byte message.
        var bytes = Hex.Parse("86 00e1f505");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(bytes, new EncodingLimits { MaxArrayLength = int.MaxValue }).ReadVariant());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("Variant array of Int32", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 100_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ReadVariant_UnknownTypeId_Error()
    {
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("1a")).ReadVariant());
        Assert.Equal("Variant", ex.TypeName);
        Assert.Contains("type id 26", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVariant_MatrixDimensionsDoNotMatch_Error()
    {
        // Int32[3] with dimensions [2, 2].
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("c6 03000000 01000000 02000000 03000000 02000000 02000000 02000000")).ReadVariant());
        Assert.Contains("do not match 3 elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVariant_DeeplyNestedVariantArrays_DepthLimitNotStackOverflow()
    {
        // Variant[1] containing Variant[1] containing ... 10,000 levels.
        var e = new BinaryEncoder();
        for (var i = 0; i < 10_000; i++)
        {
            e.WriteByte(0x98);
            e.WriteInt32(1);
        }

        e.WriteByte(0);
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(e.ToArray()).ReadVariant());
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, ex.StatusCode);
    }

    [Fact]
    public void ReadDiagnosticInfo_DeeplyNested_DepthLimit()
    {
        var bytes = Enumerable.Repeat((byte)0x40, 5000).Append((byte)0).ToArray();
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(bytes).ReadDiagnosticInfo());
        Assert.Equal("DiagnosticInfo", ex.TypeName);
    }

    [Fact]
    public void ReadNodeId_UnknownEncodingByte_Error()
    {
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("07 0000")).ReadNodeId());
        Assert.Contains("unknown encoding byte 0x07", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadExtensionObject_UnknownBodyEncoding_Error()
    {
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("0001 07")).ReadExtensionObject());
        Assert.Equal("ExtensionObject", ex.TypeName);
        Assert.Equal(2, ex.Offset);
    }

    [Fact]
    public void ReadInt32_Truncated_Error()
    {
        var ex = Assert.Throws<OpcUaProtocolException>(() => new BinaryDecoder(Hex.Parse("0102")).ReadInt32());
        Assert.Equal("Int32", ex.TypeName);
    }

    [Fact]
    public void Variant_MatrixConstructor_RejectsWrongProduct()
        => Assert.Throws<ArgumentException>(() => new Variant(BuiltInType.Int32, new[] { 1, 2, 3 }, [2, 2]));

    [Fact]
    public void Variant_ScalarOfWrongType_Rejected()
        => Assert.Throws<ArgumentException>(() => new Variant(BuiltInType.Int32, "x"));
}
