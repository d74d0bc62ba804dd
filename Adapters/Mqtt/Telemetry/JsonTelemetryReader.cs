using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// Turns a JSON telemetry payload into one field set per reading, for the mapping engine: scalars by their dotted
/// path (<c>ts</c>, <c>meta.line</c>), the message's own fields shared by all its readings and a reading's fields
/// taking precedence. Numbers keep their JSON text, so no precision is lost before the mapping reads them.
/// </summary>
public sealed class JsonTelemetryReader
{
    private const int MaxDepth = 16;

    // A reading's own fields (metric, value, unit, quality, ...) and the adapter's (topic placeholders, topic).
    private const int RoomPerReading = 10;
    private readonly string? _readingsPath;
    private readonly ReadingsShape _shape;
    private readonly int _maxReadings;

    /// <param name="shape">How the message carries its readings.</param>
    /// <param name="readingsPath">The dotted path of the readings array or map; required unless <paramref name="shape"/> is Single.</param>
    /// <param name="maxReadings">More readings than this in one message are refused (bounded memory).</param>
    public JsonTelemetryReader(ReadingsShape shape, string? readingsPath, int maxReadings = 10_000)
    {
        if (shape != ReadingsShape.Single && string.IsNullOrWhiteSpace(readingsPath))
        {
            throw new ArgumentException($"A {shape} payload needs the path of its readings, for example 'readings'.", nameof(readingsPath));
        }

        _shape = shape;
        _readingsPath = shape == ReadingsShape.Single ? null : readingsPath;
        _maxReadings = maxReadings;
    }

    /// <summary>Reads the payload; throws <see cref="TelemetryPayloadException"/> naming what is wrong and where.</summary>
    public IReadOnlyList<Dictionary<string, string?>> Read(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new TelemetryPayloadException(
                $"the payload is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TelemetryPayloadException($"the payload is a JSON {Describe(root.ValueKind)}; a JSON object was expected");
            }

            var shared = new Dictionary<string, string?>(StringComparer.Ordinal);
            Flatten(root, prefix: null, shared, skipPath: _readingsPath);
            if (_shape == ReadingsShape.Single)
            {
                return [shared];
            }

            var readings = Navigate(root, _readingsPath!);
            return _shape == ReadingsShape.Array ? ReadArray(readings, shared) : ReadMap(readings, shared);
        }
    }

    private List<Dictionary<string, string?>> ReadArray(JsonElement readings, Dictionary<string, string?> shared)
    {
        if (readings.ValueKind != JsonValueKind.Array)
        {
            throw new TelemetryPayloadException($"'{_readingsPath}' is a JSON {Describe(readings.ValueKind)}; an array of readings was expected");
        }

        CheckCount(readings.GetArrayLength());
        var result = new List<Dictionary<string, string?>>(readings.GetArrayLength());
        var index = 0;
        foreach (var item in readings.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new TelemetryPayloadException(
                    $"'{_readingsPath}[{index}]' is a JSON {Describe(item.ValueKind)}; each reading must be an object");
            }

            var fields = WithRoom(shared);
            Flatten(item, prefix: null, fields, skipPath: null);
            result.Add(fields);
            index++;
        }

        return result;
    }

    private List<Dictionary<string, string?>> ReadMap(JsonElement readings, Dictionary<string, string?> shared)
    {
        if (readings.ValueKind != JsonValueKind.Object)
        {
            throw new TelemetryPayloadException($"'{_readingsPath}' is a JSON {Describe(readings.ValueKind)}; an object of metric names to values was expected");
        }

        var result = new List<Dictionary<string, string?>>();
        foreach (var property in readings.EnumerateObject())
        {
            CheckCount(result.Count + 1);
            var fields = WithRoom(shared);
            fields["metric"] = property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(property.Value, prefix: null, fields, skipPath: null);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                throw new TelemetryPayloadException($"'{_readingsPath}.{property.Name}' is an array; a value or an object was expected");
            }
            else
            {
                fields["value"] = Scalar(property.Value);
            }

            result.Add(fields);
        }

        return result;
    }

    // A copy of the message's shared fields with room for a reading's own and the adapter's topic fields, so that
    // adding them does not grow the table (growing showed in profiles of the adapter).
    private static Dictionary<string, string?> WithRoom(Dictionary<string, string?> shared)
    {
        var fields = new Dictionary<string, string?>(shared.Count + RoomPerReading, StringComparer.Ordinal);
        foreach (var (key, value) in shared)
        {
            fields[key] = value;
        }

        return fields;
    }

    private void CheckCount(int count)
    {
        if (count > _maxReadings)
        {
            throw new TelemetryPayloadException($"the payload carries more than {_maxReadings} readings in '{_readingsPath}'");
        }
    }

    private static JsonElement Navigate(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                throw new TelemetryPayloadException($"the payload has no '{path}'");
            }
        }

        return current;
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> fields, string? skipPath)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix is null ? property.Name : prefix + "." + property.Name;
            if (path == skipPath)
            {
                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, path, fields, skipPath);
                    break;
                case JsonValueKind.Array:
                    // Arrays other than the readings are not fields; a mapping cannot address them.
                    break;
                default:
                    fields[path] = Scalar(property.Value);
                    break;
            }
        }
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Describe(JsonValueKind kind) => kind.ToString().ToLower(CultureInfo.InvariantCulture);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
