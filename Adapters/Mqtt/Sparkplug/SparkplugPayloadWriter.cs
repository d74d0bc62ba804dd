using Google.Protobuf;

namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>Writes the one Sparkplug B payload the hub sends: an NCMD that asks an edge node to publish its births again.</summary>
public static class SparkplugPayloadWriter
{
    /// <summary>The metric an NCMD sets to true to ask for a rebirth (Sparkplug 3.0 section 6.4.6 / 10.1.3).</summary>
    public const string RebirthMetric = "Node Control/Rebirth";

    /// <summary>A payload <c>{timestamp, metrics: [{name: "Node Control/Rebirth", timestamp, datatype: Boolean, boolean_value: true}]}</c>.</summary>
    public static byte[] Rebirth(DateTimeOffset now)
    {
        var millis = (ulong)now.ToUnixTimeMilliseconds();
        var metricSize =
            1 + CodedOutputStream.ComputeStringSize(RebirthMetric) + // field 1 name
            1 + CodedOutputStream.ComputeUInt64Size(millis) +        // field 3 timestamp
            1 + CodedOutputStream.ComputeUInt32Size((uint)SparkplugDataType.Boolean) + // field 4 datatype
            1 + 1;                                                   // field 14 boolean_value
        var buffer = new byte[
            1 + CodedOutputStream.ComputeUInt64Size(millis) +        // Payload field 1 timestamp
            1 + CodedOutputStream.ComputeLengthSize(metricSize) + metricSize]; // Payload field 2 metrics
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteUInt64(millis);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteLength(metricSize);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(RebirthMetric);
        output.WriteTag(3, WireFormat.WireType.Varint);
        output.WriteUInt64(millis);
        output.WriteTag(4, WireFormat.WireType.Varint);
        output.WriteUInt32((uint)SparkplugDataType.Boolean);
        output.WriteTag(14, WireFormat.WireType.Varint);
        output.WriteBool(true);
        output.CheckNoSpaceLeft();
        return buffer;
    }
}
