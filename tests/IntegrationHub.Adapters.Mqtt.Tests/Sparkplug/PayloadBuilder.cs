using Google.Protobuf;

namespace IntegrationHub.Adapters.Mqtt.Tests.Sparkplug;

/// <summary>
/// Writes Sparkplug B payloads field by field for the tests, hostile ones included (a seq past 255, a datatype Sparkplug
/// does not define, ten thousand and one metrics). Golden bytes of a real encoder are in <see cref="SparkplugPayloadReaderTests"/>.
/// </summary>
internal sealed class PayloadBuilder
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _output;

    public PayloadBuilder(ulong? seq = null, ulong? timestamp = 1_764_576_000_000)
    {
        _output = new CodedOutputStream(_bytes, leaveOpen: true);
        if (timestamp is { } t)
        {
            _output.WriteTag(1, WireFormat.WireType.Varint);
            _output.WriteUInt64(t);
        }

        if (seq is { } s)
        {
            _output.WriteTag(3, WireFormat.WireType.Varint);
            _output.WriteUInt64(s);
        }
    }

    public PayloadBuilder Double(string? name, ulong? alias, double value, uint? datatype = 10) =>
        Metric(name, alias, datatype, m => { m.WriteTag(13, WireFormat.WireType.Fixed64); m.WriteDouble(value); });

    public PayloadBuilder Long(string? name, ulong? alias, ulong value, uint? datatype = 8) =>
        Metric(name, alias, datatype, m => { m.WriteTag(11, WireFormat.WireType.Varint); m.WriteUInt64(value); });

    public PayloadBuilder Int(string? name, ulong? alias, uint value, uint? datatype = 3) =>
        Metric(name, alias, datatype, m => { m.WriteTag(10, WireFormat.WireType.Varint); m.WriteUInt32(value); });

    public PayloadBuilder Text(string? name, ulong? alias, string value, uint? datatype = 12) =>
        Metric(name, alias, datatype, m => { m.WriteTag(15, WireFormat.WireType.LengthDelimited); m.WriteString(value); });

    public PayloadBuilder BdSeq(ulong value) => Long("bdSeq", null, value, 8);

    public PayloadBuilder EmptyMetrics(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            _output.WriteLength(0);
        }

        return this;
    }

    public byte[] Build()
    {
        _output.Flush();
        return _bytes.ToArray();
    }

    private PayloadBuilder Metric(string? name, ulong? alias, uint? datatype, Action<CodedOutputStream> value)
    {
        var metric = new MemoryStream();
        var m = new CodedOutputStream(metric, leaveOpen: true);
        if (name is not null)
        {
            m.WriteTag(1, WireFormat.WireType.LengthDelimited);
            m.WriteString(name);
        }

        if (alias is { } a)
        {
            m.WriteTag(2, WireFormat.WireType.Varint);
            m.WriteUInt64(a);
        }

        if (datatype is { } d)
        {
            m.WriteTag(4, WireFormat.WireType.Varint);
            m.WriteUInt32(d);
        }

        value(m);
        m.Flush();
        _output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(metric.ToArray()));
        return this;
    }
}
