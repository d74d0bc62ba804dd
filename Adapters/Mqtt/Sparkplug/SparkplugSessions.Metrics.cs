using System.Globalization;

namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>Metrics to readings: names from aliases, values by datatype, and the offline readings of a death.</summary>
internal sealed partial class SparkplugSessions
{
    // Unix milliseconds of 9999-12-31T23:59:59.999Z, the last instant DateTimeOffset holds.
    private const ulong MaxUnixMilliseconds = 253_402_300_799_999;

    private static void ReadMetrics(
        SparkplugTopic topic, SparkplugEdgeNode node, SparkplugMetricTable table, SparkplugPayload payload, SparkplugReadResult result,
        DateTimeOffset receivedAt, bool birth)
    {
        var unknownAlias = false;
        for (var index = 0; index < payload.Metrics.Count; index++)
        {
            var metric = payload.Metrics[index];
            var name = metric.Name;
            SparkplugDataType? type = metric.DataType is { } number ? (SparkplugDataType)number : null;
            if (name is null)
            {
                if (metric.Alias is not { } alias)
                {
                    result.Problems.Add(Invariant($"metric {index} has neither a name nor an alias"));
                    continue;
                }

                if (!table.Aliases.TryGetValue(alias, out var born))
                {
                    result.Problems.Add(Invariant($"metric {index}: alias {alias} was never born on {Who(topic)}"));
                    unknownAlias = true;
                    continue;
                }

                (name, type) = (born.Name, type ?? born.Type);
            }
            else if (name.Any(char.IsControl))
            {
                result.Problems.Add(Invariant($"metric {index}'s name '{SparkplugTopic.Escape(name)}' holds control characters"));
                continue;
            }

            type ??= table.Types.TryGetValue(name, out var bornType) ? bornType : null;
            if (type is not { } known || !Enum.IsDefined(known) || known == SparkplugDataType.Unknown)
            {
                result.Problems.Add(type is null
                    ? Invariant($"metric '{name}' has no datatype and none was born")
                    : Invariant($"metric '{name}' has datatype {(uint)type}, which Sparkplug B does not define"));
                continue;
            }

            if (birth)
            {
                if (metric.Alias is { } alias)
                {
                    table.Aliases[alias] = (name, known);
                }

                table.Types[name] = known;
            }

            // Session and control metrics are not readings of the machine.
            if (name == "bdSeq" || name.StartsWith("Node Control/", StringComparison.Ordinal) || name.StartsWith("Device Control/", StringComparison.Ordinal)
                || metric.IsNull || metric.ValueField == SparkplugValueField.None)
            {
                continue;
            }

            var value = ValueText(name, known, metric, out var problem);
            var millis = metric.Timestamp ?? payload.Timestamp;
            if (problem is null && millis > MaxUnixMilliseconds)
            {
                problem = Invariant($"metric '{name}' has timestamp {millis}, past the year 9999");
            }

            if (problem is not null)
            {
                result.Problems.Add(problem);
                continue;
            }

            if (value is null)
            {
                continue; // text, bytes, data sets, templates, arrays: not a number a reading can hold
            }

            var at = millis is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : receivedAt;
            table.LastValues[name] = (value, at, known);
            result.Readings.Add(Reading(topic, topic.Device, name, value, at, known, "Good"));
        }

        if (unknownAlias)
        {
            AskRebirth(node, result, receivedAt, Invariant($"a {topic.Type} used an alias never born"));
        }
    }

    // Sparkplug 3.0 section 6.4.16 / 7: the host marks a dead node's or device's metrics stale. Each becomes a reading
    // of quality Offline with its last value, stamped when the death arrived (an NDEATH is a will registered at
    // connect time, so its own timestamp is older than the data), and always after the last reading.
    private static void GoOffline(SparkplugTopic topic, string? device, SparkplugMetricTable table, SparkplugReadResult result, DateTimeOffset receivedAt)
    {
        foreach (var (name, (value, last, type)) in table.LastValues)
        {
            var at = receivedAt > last ? receivedAt : last.AddMilliseconds(1);
            result.Readings.Add(Reading(topic, device, name, value, at, type, "Offline"));
        }

        table.Online = false;
        result.WentOffline = true;
    }

    private static Dictionary<string, string?> Reading(
        SparkplugTopic topic, string? device, string metric, string value, DateTimeOffset at, SparkplugDataType type, string quality)
    {
        var fields = new Dictionary<string, string?>(12, StringComparer.Ordinal)
        {
            ["group"] = topic.Group,
            ["edgeNode"] = topic.EdgeNode,
            ["asset"] = device ?? topic.EdgeNode,
            ["metric"] = metric,
            ["value"] = value,
            ["ts"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["datatype"] = type.ToString(),
            ["quality"] = quality,
            ["messageType"] = topic.Type.ToString(),
        };
        if (device is not null)
        {
            fields["device"] = device;
        }

        return fields;
    }

    // The value as invariant text for the mapping; null for datatypes that are not numbers. Integers travel as unsigned
    // bits in int_value or long_value (Sparkplug 3.0 section 6.4.16); narrower signed types are the low bits.
    private static string? ValueText(string name, SparkplugDataType type, SparkplugMetric metric, out string? problem)
    {
        problem = null;
        var field = metric.ValueField;
        var integerField = field is SparkplugValueField.Int or SparkplugValueField.Long;
        var bits = metric.Bits;
        string? text = type switch
        {
            SparkplugDataType.Int8 when integerField => ((sbyte)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.Int16 when integerField => ((short)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.Int32 when integerField => ((int)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.Int64 when integerField => ((long)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.UInt8 when integerField => ((byte)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.UInt16 when integerField => ((ushort)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.UInt32 when integerField => ((uint)bits).ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.UInt64 when integerField => bits.ToString(CultureInfo.InvariantCulture),
            SparkplugDataType.Float when field == SparkplugValueField.Float && double.IsFinite(metric.Real) => ((float)metric.Real).ToString("R", CultureInfo.InvariantCulture),
            SparkplugDataType.Double when field == SparkplugValueField.Double && double.IsFinite(metric.Real) => metric.Real.ToString("R", CultureInfo.InvariantCulture),
            SparkplugDataType.Boolean when field == SparkplugValueField.Boolean => bits == 0 ? "0" : "1",
            _ => null,
        };
        var numeric = type is >= SparkplugDataType.Int8 and <= SparkplugDataType.Boolean;
        if (text is null && numeric)
        {
            problem = field is SparkplugValueField.Float or SparkplugValueField.Double && !double.IsFinite(metric.Real)
                ? Invariant($"metric '{name}' ({type}) is {metric.Real}, not a finite number")
                : Invariant($"metric '{name}' is a {type} but carries its value in the {field} field");
        }

        return text;
    }

    private static string Who(SparkplugTopic topic) =>
        topic.Device is null ? $"edge node {topic.Group}/{topic.EdgeNode}" : $"device {topic.Group}/{topic.EdgeNode}/{topic.Device}";
}
