using System.Collections;
using System.Reflection;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>
/// Every setting of the option types, found by reflection the way the configuration binder walks them (issue 19 item 6:
/// a reference generated from the types cannot drift from them): a public settable property is a setting; a list's
/// entries are numbered (<c>&lt;n&gt;</c>), a map's keys are free (<c>&lt;name&gt;</c>); an option type inside another
/// is a section of its own. Defaults come from a default-constructed instance, descriptions from the XML doc comments.
/// </summary>
internal static class SettingsCatalog
{
    /// <summary>The sections under <paramref name="roots"/>, each parent before its children, properties in declaration order.</summary>
    public static IReadOnlyList<SettingsSection> Build(IReadOnlyList<SettingsRoot> roots, XmlDocumentation docs)
    {
        var found = new List<FoundSection>();
        // A module's section may also be a property of the core's type (HubSettingsSections): described once, as a root.
        var rootPaths = roots.Select(r => r.Section).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var root in roots)
        {
            Walk(new FoundSection(root.Section, root.Type, null, null), New(root.Type), found, [], rootPaths);
        }

        // Where each property and type sits, so that a cref in a comment can name the full key.
        var keys = found.SelectMany(s => s.Settings.Select(x => (Id: XmlDocumentation.Id(x.Property), x.Key)))
            .Concat(found.Select(s => (Id: XmlDocumentation.Id(s.Type), Key: s.Path)))
            .Concat(found.Where(s => s.Property is not null).Select(s => (Id: XmlDocumentation.Id(s.Property!), Key: s.Path)))
            .ToLookup(x => x.Id, x => x.Key, StringComparer.Ordinal);

        return found.Select(section =>
        {
            string Reference(string cref) => Name(cref, section.Path, keys);
            var description = Join(
                Summaries(Describe(docs, section.Property, Reference), XmlDocumentation.Render(docs.Member(section.Type)?.Element("summary"), Reference)),
                section.Note);
            var settings = section.Settings
                .Select(s => new Setting(s.Key, s.Type, s.Default, Describe(docs, s.Property, Reference)))
                .ToList();
            return new SettingsSection(section.Path, section.Type, description, settings);
        }).ToList();
    }

    private static void Walk(FoundSection section, object? instance, List<FoundSection> found, HashSet<Type> onPath, HashSet<string> rootPaths)
    {
        if (!onPath.Add(section.Type))
        {
            throw new InvalidOperationException($"{section.Path}: {section.Type.Name} holds itself, so its settings have no end.");
        }

        found.Add(section);
        foreach (var property in Settable(section.Type))
        {
            var key = section.Path + ":" + (property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name);
            if (rootPaths.Contains(key))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = instance is null ? null : property.GetValue(instance);
            if (IsSingleValue(type))
            {
                section.Settings.Add(new FoundSetting(key, property, SettingValues.TypeName(type), SettingValues.Default(property, value)));
            }
            else if (UnknownSettings.DictionaryValueType(type) is { } valueType)
            {
                Entries(section, key + ":<name>", valueType, property, value, "A map: each key names an entry", found, onPath, rootPaths);
            }
            else if (UnknownSettings.ElementType(type) is { } elementType)
            {
                Entries(section, key + ":<n>", elementType, property, value, "A list: entries are numbered from 0", found, onPath, rootPaths);
            }
            else
            {
                var note = value is null ? "Left out by default." : null;
                Walk(new FoundSection(key, type, property, note), value ?? New(type), found, onPath, rootPaths);
            }
        }

        onPath.Remove(section.Type);
    }

    // A list's or a map's entries: single values are one setting, option types a section with a new entry's defaults.
    private static void Entries(FoundSection parent, string key, Type entryType, PropertyInfo property, object? value, string what, List<FoundSection> found, HashSet<Type> onPath, HashSet<string> rootPaths)
    {
        var entries = value is IEnumerable items ? items.Cast<object?>().Count() : 0;
        if (IsSingleValue(Nullable.GetUnderlyingType(entryType) ?? entryType))
        {
            parent.Settings.Add(new FoundSetting(key, property, SettingValues.TypeName(Nullable.GetUnderlyingType(entryType) ?? entryType), SettingValues.Default(property, value)));
            return;
        }

        var note = entries == 0 ? $"{what}; none by default." : $"{what}; {entries} by default.";
        Walk(new FoundSection(key, entryType, property, note), New(entryType), found, onPath, rootPaths);
    }

    // The binder's single values; dates and times of day are ones too (Hub:Rules:BusinessHours:Holidays).
    private static bool IsSingleValue(Type type) => UnknownSettings.IsSingleValue(type) || type == typeof(DateOnly) || type == typeof(TimeOnly);

    // Public properties the binder can set (init counts), in declaration order; computed ones are not settings.
    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is { IsPublic: true })
            .OrderBy(p => p.MetadataToken);

    // A default-constructed instance; required members stay unset, as in a section that leaves them out.
    private static object? New(Type type) =>
        type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static string Describe(XmlDocumentation docs, PropertyInfo? property, Func<string, string> reference)
    {
        var member = property is null ? null : docs.Member(property);
        return Join(XmlDocumentation.Render(member?.Element("summary"), reference), XmlDocumentation.Render(member?.Element("value"), reference));
    }

    // The property's summary and its type's, once when one repeats the other ("The desk's sessions." and "The desk's
    // sessions (Hub:Desk).").
    private static string Summaries(string property, string type)
    {
        if (property.Length == 0 || type.StartsWith(property.TrimEnd('.'), StringComparison.Ordinal))
        {
            return type;
        }

        return type.Length == 0 || property.StartsWith(type.TrimEnd('.'), StringComparison.Ordinal) ? property : property + " " + type;
    }

    private static string Join(params string?[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal));

    // A cref as the reader knows it: a setting's full key (the one in this section when the type sits at several places),
    // else the member's own name.
    private static string Name(string cref, string sectionPath, ILookup<string, string> keys)
    {
        var candidates = keys[cref].Distinct(StringComparer.Ordinal).ToList();
        var here = candidates.Where(k => k.StartsWith(sectionPath + ":", StringComparison.Ordinal) && !k[(sectionPath.Length + 1)..].Contains(':', StringComparison.Ordinal)).ToList();
        var key = here.Count == 1 ? here[0] : candidates.Count == 1 ? candidates[0] : null;
        if (key is not null)
        {
            return XmlDocumentation.Code(key);
        }

        var name = cref.Contains('(', StringComparison.Ordinal) ? cref[..cref.IndexOf('(', StringComparison.Ordinal)] : cref;
        return XmlDocumentation.Code(name[(name.LastIndexOf('.') + 1)..]);
    }

    private sealed record FoundSection(string Path, Type Type, PropertyInfo? Property, string? Note)
    {
        public List<FoundSetting> Settings { get; } = [];
    }

    private sealed record FoundSetting(string Key, PropertyInfo Property, string Type, string Default);
}
