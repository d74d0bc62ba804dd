using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace IntegrationHub.Adapters.Sql;

/// <summary>One polled row's fields by column name: the result's shared names and this row's values as text.</summary>
internal sealed class SqlRowFields(SqlColumnNames columns, string?[] values) : IReadOnlyDictionary<string, string?>
{
    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The row has no column '{key}'.");

    public IEnumerable<string> Keys => columns.Distinct;

    public IEnumerable<string?> Values => Keys.Select(k => this[k]);

    public int Count => columns.Count;

    public bool ContainsKey(string key) => columns.TryGetOrdinal(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        if (columns.TryGetOrdinal(key, out var ordinal))
        {
            value = values[ordinal];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, string?>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
