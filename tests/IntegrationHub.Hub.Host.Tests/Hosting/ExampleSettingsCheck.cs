using System.Collections;
using System.Globalization;
using System.Reflection;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Compares a settings file with the option types (issue 19 item 4): under <c>Hub</c> every setting that has a
/// default, with that default as its value; under <c>Examples:Hub</c> every setting that has none (unset by default,
/// lists, maps, machine-dependent), with an example. Each problem names the setting.
/// </summary>
internal static class ExampleSettingsCheck
{
    /// <summary>The top-level section of the example file that holds examples rather than defaults; the hub reads only <c>Hub</c>.</summary>
    public const string Examples = "Examples";

    /// <summary>Settings whose default depends on the machine or the process, so the file shows an example instead.</summary>
    public static readonly IReadOnlySet<string> MachineDependent = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Hub:NodeId" };

    /// <summary>Settings that are refused when set (kept only to tell the user what replaced them), so the file leaves them out.</summary>
    public static readonly IReadOnlySet<string> Retired = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Hub:Portal:RequestsPerMinutePerAddress" };

    public static List<string> Problems(IConfiguration file, IReadOnlyList<HubSettingsSection> sections)
    {
        var examples = ExamplesOf(file);
        var problems = new List<string>();
        foreach (var section in sections)
        {
            var defaults = Activator.CreateInstance(section.Type)!;
            CheckDefaults(section.Path, section.Type, defaults, file, examples, sections, problems);
            object? bound = null;
            try
            {
                bound = file.GetSection(section.Path).Get(section.Type);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{section.Path} does not bind: {ex.Message}");
            }

            CompareValues(section.Path, section.Type, bound ?? Activator.CreateInstance(section.Type)!, defaults, sections, problems);
        }

        return problems;
    }

    /// <summary>The <c>Examples</c> section re-rooted, so that its keys read as the hub's (<c>Hub:...</c>).</summary>
    public static IConfiguration ExamplesOf(IConfiguration file) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(file.GetSection(Examples).AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null))
            .Build();

    private static void CheckDefaults(string path, Type type, object defaults, IConfiguration file, IConfiguration examples, IReadOnlyList<HubSettingsSection> sections, List<string> problems)
    {
        foreach (var (key, property) in Settings(type))
        {
            var at = path + ":" + key;
            if (IsOwnSection(at, sections) || Retired.Contains(at))
            {
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = property.GetValue(defaults);
            if (IsSingleValue(propertyType))
            {
                if (value is null || MachineDependent.Contains(at))
                {
                    RequireExample(at, propertyType, examples, problems);
                }
                else if (file[at] is null)
                {
                    problems.Add($"{at} is missing under Hub: add it with its default, {Format(value)}.");
                }
            }
            else if (value is null || IsCollection(propertyType))
            {
                RequireExample(at, propertyType, examples, problems);
            }
            else
            {
                CheckDefaults(at, propertyType, value, file, examples, sections, problems);
            }
        }
    }

    // An example of every setting at and below `at`: a value, a list's first entry, a map's entries, a section's settings.
    private static void RequireExample(string at, Type type, IConfiguration examples, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var section = examples.GetSection(at);
        if (IsSingleValue(type))
        {
            if (section.Value is null)
            {
                problems.Add($"{at} has no default: add an example of it under {Examples}:{at}.");
            }
        }
        else if (DictionaryValueType(type) is { } valueType)
        {
            var entries = section.GetChildren().ToList();
            if (entries.Count == 0)
            {
                problems.Add($"{at} is a map: add an example entry under {Examples}:{at}.");
            }

            entries.ForEach(entry => RequireExample(entry.Path, valueType, examples, problems));
        }
        else if (ElementType(type) is { } elementType)
        {
            RequireExample(at + ":0", elementType, examples, problems);
        }
        else
        {
            foreach (var (key, property) in Settings(type))
            {
                RequireExample(at + ":" + key, property.PropertyType, examples, problems);
            }
        }
    }

    private static void CompareValues(string path, Type type, object bound, object defaults, IReadOnlyList<HubSettingsSection> sections, List<string> problems)
    {
        foreach (var (key, property) in Settings(type))
        {
            var at = path + ":" + key;
            var expected = property.GetValue(defaults);
            var actual = property.GetValue(bound);
            if (IsOwnSection(at, sections) || MachineDependent.Contains(at) || expected is null)
            {
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsSingleValue(propertyType))
            {
                if (!Equals(expected, actual))
                {
                    problems.Add($"{at} is {Format(actual)} in the file, but its default is {Format(expected)}.");
                }
            }
            else if (IsCollection(propertyType))
            {
                if (((IEnumerable)expected).Cast<object>().Count() != ((IEnumerable?)actual)?.Cast<object>().Count())
                {
                    problems.Add($"{at} holds entries in the file, but is empty by default: move them under {Examples}:{at}.");
                }
            }
            else
            {
                CompareValues(at, propertyType, actual ?? expected, expected, sections, problems);
            }
        }
    }

    private static bool IsOwnSection(string at, IReadOnlyList<HubSettingsSection> sections) =>
        sections.Any(s => string.Equals(s.Path, at, StringComparison.OrdinalIgnoreCase));

    /// <summary>The settings of an option type, as the binder sees them: public instance properties it can set.</summary>
    public static IEnumerable<(string Key, PropertyInfo Property)> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is { IsPublic: true })
            .Select(p => (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, p));

    private static string Format(object? value) => value switch
    {
        null => "null",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static bool IsSingleValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(Uri) || type == typeof(Guid);

    private static bool IsCollection(Type type) => DictionaryValueType(type) is not null || ElementType(type) is not null;

    private static Type? DictionaryValueType(Type type) =>
        (Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } arguments ? arguments[1] : null;

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) && Generic(type, typeof(IEnumerable<>)) is { } arguments ? arguments[0] : null;

    private static Type[]? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type.GetGenericArguments()
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
}
