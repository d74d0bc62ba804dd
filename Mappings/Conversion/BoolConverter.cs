using System.Collections.Frozen;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>Reads yes/no values from a configurable set of words, case-insensitively.</summary>
internal sealed class BoolConverter : ValueConverter<bool>
{
    public static readonly IReadOnlyList<string> DefaultTrueValues = ["true", "1", "Y", "yes", "是"];

    public static readonly IReadOnlyList<string> DefaultFalseValues = ["false", "0", "N", "no", "否"];

    private readonly FrozenDictionary<string, bool> _words;

    public BoolConverter(IReadOnlyList<string> trueValues, IReadOnlyList<string> falseValues)
    {
        var words = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in trueValues)
        {
            words[word] = true;
        }

        foreach (var word in falseValues)
        {
            words[word] = false;
        }

        _words = words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Expected = $"a yes/no value (true: {string.Join(", ", trueValues)}; false: {string.Join(", ", falseValues)})";
    }

    public static BoolConverter Default { get; } = new(DefaultTrueValues, DefaultFalseValues);

    public override string Expected { get; }

    public override bool TryConvert(string text, out bool value) => _words.TryGetValue(text, out value);
}
