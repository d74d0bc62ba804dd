using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>Collects the errors of one mapping file, each placed at the YAML node it is about.</summary>
internal sealed class FileErrors(string file, List<MappingError> errors)
{
    public string File { get; } = file;

    public int Count { get; private set; }

    public void Add(YamlNode node, string message) => Add(node.Start, message);

    public void Add(Mark mark, string message)
    {
        // YamlDotNet's marks are 1-based; a mark of an empty document is 0.
        errors.Add(new MappingError(File, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), message));
        Count++;
    }

    /// <summary>The node as a scalar's text, or an error saying what was expected.</summary>
    public bool TryScalar(YamlNode node, string what, out string value)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            value = text;
            return true;
        }

        Add(node, $"{what} must be a single value, not a {Describe(node)}");
        value = string.Empty;
        return false;
    }

    /// <summary>The node as a mapping, or an error saying what was expected.</summary>
    public bool TryMapping(YamlNode node, string what, out YamlMappingNode mapping)
    {
        if (node is YamlMappingNode m)
        {
            mapping = m;
            return true;
        }

        Add(node, $"{what} must be a mapping of keys to values ({{ key: value }}), not a {Describe(node)}");
        mapping = new YamlMappingNode();
        return false;
    }

    /// <summary>The node as a list, or an error saying what was expected.</summary>
    public bool TrySequence(YamlNode node, string what, string example, out YamlSequenceNode sequence)
    {
        if (node is YamlSequenceNode s)
        {
            sequence = s;
            return true;
        }

        Add(node, $"{what} must be a list ({example}), not a {Describe(node)}");
        sequence = new YamlSequenceNode();
        return false;
    }

    /// <summary>A scalar that must be true or false.</summary>
    public bool TryBool(YamlNode node, string what, out bool value)
    {
        value = false;
        if (!TryScalar(node, what, out var text))
        {
            return false;
        }

        if (bool.TryParse(text, out value))
        {
            return true;
        }

        Add(node, $"{what} must be true or false, not '{text}'");
        return false;
    }

    /// <summary>
    /// The keys of a mapping node by name, reporting unknown keys (with the closest known one) and keys that
    /// are not plain names.
    /// </summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> ReadKeys(
        YamlMappingNode mapping, string where, IReadOnlyList<string> allowed)
    {
        var keys = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } scalar)
            {
                Add(keyNode, $"a key of {where} must be a plain name");
                continue;
            }

            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Add(keyNode, $"unknown key '{name}' in {where}{Suggestions.DidYouMean(name, allowed)} "
                    + $"(allowed: {string.Join(", ", allowed)})");
                continue;
            }

            keys[name] = (scalar, valueNode);
        }

        return keys;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
