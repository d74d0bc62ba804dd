using System.Collections.Frozen;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>Reads an enum member by name, case-insensitively; numbers are refused.</summary>
internal sealed class EnumConverter<TEnum> : ValueConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly FrozenDictionary<string, TEnum> _members =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v.ToString(), StringComparer.OrdinalIgnoreCase);

    public static EnumConverter<TEnum> Instance { get; } = new();

    public override string Expected { get; } =
        $"a {typeof(TEnum).Name} ({string.Join(", ", Enum.GetNames<TEnum>())})";

    public override bool TryConvert(string text, out TEnum value) => _members.TryGetValue(text, out value);
}
