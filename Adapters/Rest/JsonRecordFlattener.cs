using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Adapters.Rest;

/// <summary>
/// Turns a JSON item into the flat fields a mapping reads: nested objects by dotted path (<c>customer.code</c>),
/// array elements by index (<c>lines.0.sku</c>), scalars as the text the JSON holds (numbers exactly as written,
/// so that no decimal is rounded on the way).
/// </summary>
internal static class JsonRecordFlattener
{
    /// <summary>The element at a dotted path (<c>data.items</c>, <c>paging.next</c>); the root for an empty path.</summary>
    public static JsonElement? Find(JsonElement root, string path)
    {
        var element = root;
        if (string.IsNullOrEmpty(path))
        {
            return element;
        }

        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return null;
            }
        }

        return element;
    }

    public static Dictionary<string, string?> Flatten(JsonElement item)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        Add(fields, string.Empty, item);
        return fields;
    }

    /// <summary>A scalar's text: strings as they are, numbers and booleans as written, null as null.</summary>
    public static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    private static void Add(Dictionary<string, string?> fields, string prefix, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Add(fields, prefix.Length == 0 ? property.Name : prefix + "." + property.Name, property.Value);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var child in element.EnumerateArray())
                {
                    Add(fields, (prefix.Length == 0 ? "" : prefix + ".") + index.ToString(CultureInfo.InvariantCulture), child);
                    index++;
                }

                break;
            default:
                fields[prefix.Length == 0 ? "value" : prefix] = Text(element);
                break;
        }
    }
}
