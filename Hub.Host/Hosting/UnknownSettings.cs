using System.Collections;
using System.Reflection;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Finds settings under <c>Hub:</c> that no option reads (issue 19 item 4): the configuration binder ignores them, so a
/// typo (<c>Hub:Mqqt:Host</c>) used to leave the default in force without a word. Each one is named with its full path
/// and the nearest known setting at that place.
/// </summary>
/// <remarks>
/// The known settings are the public properties of the option types themselves (<see cref="HubSettingsSections.All"/>:
/// <see cref="HubOptions"/> and what it holds, and every adapter module's section), walked the way the binder walks them: a list's entries are numbered, a dictionary's keys are free, a single
/// value has no settings below it. So a setting added to an option type is known without a list to keep in step.
/// </remarks>
internal static class UnknownSettings
{
    /// <summary>One message per setting nobody reads, in configuration order; empty when every key is known.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var problems = new List<string>();
        Walk(configuration.GetSection(HubOptions.Section), typeof(HubOptions), problems);
        return problems;
    }

    private static void Walk(IConfigurationSection section, Type type, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return;
        }

        if (IsSingleValue(type))
        {
            problems.Add($"{children[0].Path}: {section.Path} is a single value, so it has no settings below it.");
            return;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            children.ForEach(child => Walk(child, valueType, problems));
            return;
        }

        if (ElementType(type) is { } elementType)
        {
            foreach (var child in children)
            {
                if (int.TryParse(child.Key, out _))
                {
                    Walk(child, elementType, problems);
                }
                else
                {
                    problems.Add($"{child.Path}: {section.Path} is a list; its entries are numbered ({section.Path}:0, {section.Path}:1, ...).");
                }
            }

            return;
        }

        var properties = Properties(type);
        // The adapter modules' sections (HubSettingsSections): known by their own option type, wherever they sit.
        foreach (var (key, sectionType) in HubSettingsSections.Below(section.Path))
        {
            properties[key] = sectionType;
        }

        foreach (var child in children)
        {
            if (properties.TryGetValue(child.Key, out var property))
            {
                Walk(child, property, problems);
            }
            else
            {
                problems.Add($"{child.Path} is not a setting of the hub{Suggestion(child.Key, section.Path, properties.Keys)}");
            }
        }
    }

    private static Dictionary<string, Type> Properties(Type type)
    {
        var properties = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            properties[name] = property.PropertyType;
        }

        return properties;
    }

    internal static bool IsSingleValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid)
        || type == typeof(object);

    internal static Type? DictionaryValueType(Type type) =>
        (Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } arguments ? arguments[1] : null;

    internal static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) && Generic(type, typeof(IEnumerable<>)) is { } arguments ? arguments[0] : null;

    private static Type[]? Generic(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
    }

    // The nearest known name at that place, when it is near enough to be a typo; otherwise the names there.
    private static string Suggestion(string key, string parent, IEnumerable<string> known)
    {
        var names = known.Order(StringComparer.Ordinal).ToList();
        var nearest = names.Select(n => (Name: n, Distance: Distance(key.ToUpperInvariant(), n.ToUpperInvariant()))).MinBy(c => c.Distance);
        if (nearest.Name is not null && nearest.Distance <= Math.Max(2, key.Length / 3))
        {
            return $": did you mean {parent}:{nearest.Name}?";
        }

        return names.Count == 0 ? "." : $"; the settings under {parent} are {string.Join(", ", names)}.";
    }

    // Edit distance with transpositions (a swapped pair of letters is one typo).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
