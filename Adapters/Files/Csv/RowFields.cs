using System.Diagnostics.CodeAnalysis;

namespace IntegrationHub.Adapters.Files.Csv;

/// <summary>
/// A CSV row's fields by header name, over the row's value array: one small object per row instead of a
/// dictionary, since an export can have hundreds of thousands of rows.
/// </summary>
internal sealed class RowFields(IReadOnlyDictionary<string, int> header, string[] values) : IReadOnlyDictionary<string, string?>
{
    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => header.Keys;

    public IEnumerable<string?> Values => header.Values.Select(i => (string?)values[i]);

    public int Count => header.Count;

    public bool ContainsKey(string key) => header.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        if (header.TryGetValue(key, out var index))
        {
            value = values[index];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        header.Select(h => new KeyValuePair<string, string?>(h.Key, values[h.Value])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
