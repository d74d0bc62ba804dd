using System.Collections.Frozen;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>Translates source codes to canonical values through the mapping's <c>map:</c> table.</summary>
internal sealed class MapConverter<T> : ValueConverter<T>
{
    private readonly FrozenDictionary<string, T> _codes;
    private readonly string _knownCodes;

    public MapConverter(IReadOnlyList<KeyValuePair<string, T>> codes)
    {
        _codes = codes.ToFrozenDictionary(StringComparer.Ordinal);
        _knownCodes = string.Join(", ", codes.Select(c => c.Key));
    }

    public override string Expected => $"one of the codes {_knownCodes}";

    public override bool TryConvert(string text, out T value) => _codes.TryGetValue(text, out value!);

    public override string DescribeFailure(string text) => $"{Shown(text)} is not a known code; known codes: {_knownCodes}";
}
