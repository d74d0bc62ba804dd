using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>
/// Reads Sparkplug B payloads with Google.Protobuf's <see cref="CodedInputStream"/>, by hand rather than through classes
/// generated from the .proto: the hub needs only a few fields of <c>Payload</c> and <c>Metric</c> (Sparkplug 3.0 section
/// 6.4), it can stop at a metric count before building anything, it names the byte where a payload goes wrong, and a
/// build needs no protoc. Nested messages the hub does not use (metadata, properties, data sets, templates,
/// extensions) are skipped whole.
/// </summary>
public static class SparkplugPayloadReader
{
    /// <summary>Decodes <paramref name="payload"/>; throws <see cref="SparkplugPayloadException"/> naming what is wrong and where.</summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="maxMetrics">More metrics than this are refused before they are read (bounded memory).</param>
    public static SparkplugPayload Read(ReadOnlyMemory<byte> payload, int maxMetrics)
    {
        var (array, offset, length) = MemoryMarshal.TryGetArray(payload, out var segment)
            ? (segment.Array!, segment.Offset, segment.Count)
            : (payload.ToArray(), 0, payload.Length);
        var input = new CodedInputStream(array, offset, length);
        try
        {
            return ReadPayload(input, length, maxMetrics);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new SparkplugPayloadException(string.Create(CultureInfo.InvariantCulture,
                $"the Sparkplug B payload of {length} bytes is not valid protobuf at byte {input.Position}: {ex.Message}"));
        }
    }

    private static SparkplugPayload ReadPayload(CodedInputStream input, int length, int maxMetrics)
    {
        ulong? timestamp = null, seq = null;
        var metrics = new List<SparkplugMetric>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: // uint64 timestamp
                    Expect(tag, WireFormat.WireType.Varint, "Payload.timestamp", input);
                    timestamp = input.ReadUInt64();
                    break;
                case 2: // repeated Metric metrics
                    Expect(tag, WireFormat.WireType.LengthDelimited, "Payload.metrics", input);
                    if (metrics.Count == maxMetrics)
                    {
                        throw new SparkplugPayloadException(string.Create(CultureInfo.InvariantCulture,
                            $"the Sparkplug B payload carries more than {maxMetrics} metrics (metric {maxMetrics + 1} starts at byte {input.Position})"));
                    }

                    metrics.Add(ReadMetric(input, length, metrics.Count));
                    break;
                case 3: // uint64 seq
                    Expect(tag, WireFormat.WireType.Varint, "Payload.seq", input);
                    seq = input.ReadUInt64();
                    break;
                default: // 4 uuid, 5 body, extensions: not used by the hub
                    input.SkipLastField();
                    break;
            }
        }

        return new SparkplugPayload(timestamp, seq, metrics);
    }

    private static SparkplugMetric ReadMetric(CodedInputStream input, int length, int index)
    {
        var size = input.ReadLength();
        var end = input.Position + size;
        if (end > length)
        {
            throw new SparkplugPayloadException(string.Create(CultureInfo.InvariantCulture,
                $"metric {index} declares {size} bytes at byte {input.Position} but the payload ends at byte {length} (truncated)"));
        }

        var metric = new SparkplugMetric();
        while (input.Position < end)
        {
            var tag = input.ReadTag();
            metric = WireFormat.GetTagFieldNumber(tag) switch
            {
                1 => metric with { Name = ReadString(input, tag, "Metric.name") },
                2 => metric with { Alias = ReadVarint(input, tag, "Metric.alias") },
                3 => metric with { Timestamp = ReadVarint(input, tag, "Metric.timestamp") },
                4 => metric with { DataType = (uint)ReadVarint(input, tag, "Metric.datatype") },
                7 => metric with { IsNull = ReadVarint(input, tag, "Metric.is_null") != 0 },
                10 => metric with { ValueField = SparkplugValueField.Int, Bits = (uint)ReadVarint(input, tag, "Metric.int_value") },
                11 => metric with { ValueField = SparkplugValueField.Long, Bits = ReadVarint(input, tag, "Metric.long_value") },
                12 => metric with { ValueField = SparkplugValueField.Float, Real = ReadFloat(input, tag) },
                13 => metric with { ValueField = SparkplugValueField.Double, Real = ReadDouble(input, tag) },
                14 => metric with { ValueField = SparkplugValueField.Boolean, Bits = ReadVarint(input, tag, "Metric.boolean_value") != 0 ? 1UL : 0UL },
                15 => metric with { ValueField = SparkplugValueField.String, Text = ReadString(input, tag, "Metric.string_value") },
                var field when field is >= 16 and <= 19 => Skipped(input, metric with { ValueField = (SparkplugValueField)field }),
                _ => Skipped(input, metric), // 5 is_historical, 6 is_transient, 8 metadata, 9 properties, unknown fields
            };
            if (input.Position > end)
            {
                throw new SparkplugPayloadException(string.Create(CultureInfo.InvariantCulture,
                    $"field {WireFormat.GetTagFieldNumber(tag)} of metric {index} runs past the metric's end at byte {end}"));
            }
        }

        return metric;
    }

    private static SparkplugMetric Skipped(CodedInputStream input, SparkplugMetric metric)
    {
        input.SkipLastField();
        return metric;
    }

    private static ulong ReadVarint(CodedInputStream input, uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.Varint, field, input);
        return input.ReadUInt64();
    }

    private static string ReadString(CodedInputStream input, uint tag, string field)
    {
        Expect(tag, WireFormat.WireType.LengthDelimited, field, input);
        return input.ReadString();
    }

    private static double ReadFloat(CodedInputStream input, uint tag)
    {
        Expect(tag, WireFormat.WireType.Fixed32, "Metric.float_value", input);
        return input.ReadFloat();
    }

    private static double ReadDouble(CodedInputStream input, uint tag)
    {
        Expect(tag, WireFormat.WireType.Fixed64, "Metric.double_value", input);
        return input.ReadDouble();
    }

    private static void Expect(uint tag, WireFormat.WireType expected, string field, CodedInputStream input)
    {
        var actual = WireFormat.GetTagWireType(tag);
        if (actual != expected)
        {
            throw new SparkplugPayloadException(string.Create(CultureInfo.InvariantCulture,
                $"{field} (field {WireFormat.GetTagFieldNumber(tag)}) before byte {input.Position} has wire type {actual}; {expected} was expected"));
        }
    }
}
