using System.Globalization;
using System.Text;
using Google.Protobuf;
using IntegrationHub.Adapters.Mqtt.Sparkplug;

namespace IntegrationHub.Bench.Sparkplug;

/// <summary>
/// The messages of the sparkplug benchmark: the same readings (20 metrics of one machine per message, 10 ms apart) as
/// Sparkplug B DDATA with alias-only Double metrics after an NBIRTH and a DBIRTH that declare them, and as JSON in the
/// Array shape of the demo telemetry.yaml. Encoded with Google.Protobuf's CodedOutputStream after the .proto's field numbers.
/// </summary>
internal static class SparkplugBenchPayloads
{
    public const int MetricsPerMessage = 20;
    public const string Machine = "EQ-C001-01";
    public const string JsonTopic = "plant/C001/" + Machine + "/telemetry";
    public const string Group = "bench";
    public const string EdgeNode = "line1";

    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static string MetricName(int index) => string.Create(CultureInfo.InvariantCulture, $"m{index + 1:00}");

    /// <summary>Each message's timestamp and its 20 values (one decimal, as a device would round them).</summary>
    public static (DateTimeOffset At, double[] Values)[] Readings(int messages)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, messages).Select(i => (
            Start.AddMilliseconds(i * 10),
            Enumerable.Range(0, MetricsPerMessage).Select(_ => Math.Round(60 + (random.NextDouble() * 30), 1)).ToArray()))];
    }

    public static List<(string Topic, byte[] Payload)> Json((DateTimeOffset At, double[] Values)[] readings) =>
        [.. readings.Select(r => (JsonTopic, Encoding.UTF8.GetBytes(
            "{\"ts\":\"" + r.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + "\",\"readings\":["
            + string.Join(',', r.Values.Select((v, m) => string.Create(CultureInfo.InvariantCulture, $$"""{"metric":"{{MetricName(m)}}","value":{{v:0.0}},"quality":"Good"}""")))
            + "]}")))];

    /// <summary>NBIRTH (bdSeq), DBIRTH (20 aliased Double metrics, null values: no readings) and one DDATA per message, seq 0, 1, 2, ... wrapping.</summary>
    public static List<(string Topic, byte[] Payload)> Sparkplug((DateTimeOffset At, double[] Values)[] readings)
    {
        var prefix = $"{SparkplugTopic.Namespace}/{Group}";
        var device = $"{prefix}/DDATA/{EdgeNode}/{Machine}";
        var messages = new List<(string, byte[])>(readings.Length + 2)
        {
            ($"{prefix}/NBIRTH/{EdgeNode}", Payload(Start, seq: 0, output => Metric(output, "bdSeq", alias: null, SparkplugDataType.UInt64, o => Field(o, 11, 1UL)))),
            ($"{prefix}/DBIRTH/{EdgeNode}/{Machine}", Payload(Start, seq: 1, output =>
            {
                for (var m = 0; m < MetricsPerMessage; m++)
                {
                    Metric(output, MetricName(m), (ulong)m, SparkplugDataType.Double, o => Field(o, 7, 1UL)); // is_null
                }
            })),
        };
        for (var i = 0; i < readings.Length; i++)
        {
            var values = readings[i].Values;
            messages.Add((device, Payload(readings[i].At, (ulong)((i + 2) % 256), output =>
            {
                for (var m = 0; m < values.Length; m++)
                {
                    var value = values[m];
                    Metric(output, name: null, (ulong)m, datatype: null, o =>
                    {
                        o.WriteTag(13, WireFormat.WireType.Fixed64); // double_value
                        o.WriteDouble(value);
                    });
                }
            })));
        }

        return messages;
    }

    private static byte[] Payload(DateTimeOffset at, ulong seq, Action<CodedOutputStream> metrics)
    {
        using var bytes = new MemoryStream();
        var output = new CodedOutputStream(bytes, leaveOpen: true);
        Field(output, 1, (ulong)at.ToUnixTimeMilliseconds()); // timestamp
        metrics(output);                                       // metrics (2)
        Field(output, 3, seq);                                 // seq
        output.Flush();
        return bytes.ToArray();
    }

    private static void Metric(CodedOutputStream output, string? name, ulong? alias, SparkplugDataType? datatype, Action<CodedOutputStream> value)
    {
        using var bytes = new MemoryStream();
        var metric = new CodedOutputStream(bytes, leaveOpen: true);
        if (name is not null)
        {
            metric.WriteTag(1, WireFormat.WireType.LengthDelimited);
            metric.WriteString(name);
        }

        if (alias is { } a)
        {
            Field(metric, 2, a);
        }

        if (datatype is { } d)
        {
            Field(metric, 4, (ulong)d);
        }

        value(metric);
        metric.Flush();
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(bytes.ToArray()));
    }

    private static void Field(CodedOutputStream output, int number, ulong value)
    {
        output.WriteTag(number, WireFormat.WireType.Varint);
        output.WriteUInt64(value);
    }
}
