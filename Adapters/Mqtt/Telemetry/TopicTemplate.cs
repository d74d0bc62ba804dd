namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// A topic filter whose levels can name what they hold: <c>plant/{site}/{asset}/telemetry</c> subscribes to
/// <c>plant/+/+/telemetry</c> and reads <c>site</c> and <c>asset</c> out of every topic that matches. A placeholder
/// is a whole level; <c>+</c> and a final <c>#</c> work as in any MQTT filter.
/// </summary>
public sealed class TopicTemplate
{
    private readonly string?[] _names;
    private readonly string?[] _literals;
    private readonly bool _multiLevel;

    private TopicTemplate(string template, string filter, string?[] names, string?[] literals, bool multiLevel)
    {
        Template = template;
        Filter = filter;
        _names = names;
        _literals = literals;
        _multiLevel = multiLevel;
    }

    /// <summary>The template as configured.</summary>
    public string Template { get; }

    /// <summary>The MQTT topic filter to subscribe to.</summary>
    public string Filter { get; }

    /// <summary>The placeholder names, in order.</summary>
    public IEnumerable<string> Placeholders => _names.OfType<string>();

    /// <summary>Parses a template; returns null and the reason when it is not valid.</summary>
    public static TopicTemplate? TryParse(string template, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(template))
        {
            error = "the topic template is empty; write one such as plant/{site}/{asset}/telemetry";
            return null;
        }

        var levels = template.Split('/');
        var names = new string?[levels.Length];
        var literals = new string?[levels.Length];
        var filter = new string[levels.Length];
        var multiLevel = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level == "#")
            {
                if (i != levels.Length - 1)
                {
                    error = $"'#' must be the last level of '{template}'";
                    return null;
                }

                multiLevel = true;
                filter[i] = "#";
            }
            else if (level == "+")
            {
                filter[i] = "+";
            }
            else if (level.StartsWith('{') && level.EndsWith('}') && level.Length > 2)
            {
                var name = level[1..^1];
                if (name.AsSpan().IndexOfAny("{}+#/") >= 0 || !seen.Add(name))
                {
                    error = $"the placeholder '{level}' in '{template}' is not a simple name or appears twice";
                    return null;
                }

                names[i] = name;
                filter[i] = "+";
            }
            else if (level.AsSpan().IndexOfAny("{}+#") >= 0)
            {
                error = $"the level '{level}' of '{template}' mixes text with a placeholder or wildcard; a placeholder must be a whole level, as in plant/{{asset}}/telemetry";
                return null;
            }
            else
            {
                literals[i] = level;
                filter[i] = level;
            }
        }

        return new TopicTemplate(template, string.Join('/', filter), names, literals, multiLevel);
    }

    /// <summary>Parses a template or throws <see cref="ArgumentException"/> with the reason.</summary>
    public static TopicTemplate Parse(string template) =>
        TryParse(template, out var error) ?? throw new ArgumentException(error, nameof(template));

    /// <summary>Matches a topic name; on success, adds the placeholders' values to <paramref name="values"/>.</summary>
    public bool TryMatch(string topic, IDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(values);
        var levels = topic.Split('/');
        var fixedLevels = _multiLevel ? _names.Length - 1 : _names.Length;
        if (levels.Length < fixedLevels || (!_multiLevel && levels.Length != fixedLevels))
        {
            return false;
        }

        for (var i = 0; i < fixedLevels; i++)
        {
            if (_literals[i] is { } literal && !string.Equals(literal, levels[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < fixedLevels; i++)
        {
            if (_names[i] is { } name)
            {
                values[name] = levels[i];
            }
        }

        return true;
    }
}
