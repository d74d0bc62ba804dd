using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>The keys of one field entry as written, with their nodes for error positions.</summary>
internal sealed class FieldSpec(string name, YamlNode node)
{
    public string Name { get; } = name;

    public YamlNode Node { get; } = node;

    public YamlScalarNode? Column { get; init; }

    public YamlScalarNode? Value { get; init; }

    public YamlScalarNode? Format { get; init; }

    public YamlNode? Formats { get; init; }

    public YamlNode? Map { get; init; }

    public YamlScalarNode? Default { get; init; }

    public YamlScalarNode? Required { get; init; }

    public YamlScalarNode? Trim { get; init; }

    public YamlScalarNode? Type { get; init; }

    public YamlScalarNode? Thousands { get; init; }

    public YamlScalarNode? Decimal { get; init; }

    public YamlNode? TrueValues { get; init; }

    public YamlNode? FalseValues { get; init; }

    public YamlNode? NullValues { get; init; }

    public YamlScalarNode? Optional { get; init; }

    public YamlScalarNode? MaxLength { get; init; }
}
