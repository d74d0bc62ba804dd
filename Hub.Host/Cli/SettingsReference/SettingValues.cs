using System.Collections;
using System.Globalization;
using System.Reflection;

namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>How the reference writes a setting's type and default value: as they are written in the settings.</summary>
internal static class SettingValues
{
    /// <summary>Said instead of a default that holds this machine's name, a process id or a local path (Hub:NodeId).</summary>
    public const string MachineDependent = "depends on the machine (see the description)";

    /// <summary>The kind of value a single-value setting takes, in words.</summary>
    public static string TypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "text",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "duration",
        _ when type == typeof(DateOnly) => "date",
        _ when type == typeof(TimeOnly) => "time of day",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "date and time",
        _ when type == typeof(Uri) => "URL",
        _ when type == typeof(Guid) => "GUID",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) => "number",
        _ when type.IsPrimitive && type != typeof(char) => "integer",
        _ => type.Name,
    };

    /// <summary>The default as the settings would write it, in code style; <c>required</c>, <c>none</c> or <c>empty</c> in words.</summary>
    public static string Default(PropertyInfo property, object? value)
    {
        if (property.GetCustomAttributes().Any(a => a.GetType().FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute"))
        {
            return "required";
        }

        var text = value switch
        {
            null => "none",
            string { Length: 0 } => "empty",
            string s => XmlDocumentation.Code(s),
            IEnumerable items => items.Cast<object?>().Select(Written).ToList() is { Count: > 0 } list
                ? string.Join(", ", list.Select(XmlDocumentation.Code))
                : "none",
            _ => XmlDocumentation.Code(Written(value)),
        };
        return DependsOnTheMachine(text) ? MachineDependent : text;
    }

    private static string Written(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // A default made from where the hub runs would make the reference differ from machine to machine, and tell a reader
    // about the machine that generated it: such a default is described, not shown. Looked for as a whole (the machine's
    // name with the process id, as Hub:NodeId makes it; this machine's folders): the machine's name or a process id alone
    // may well be a word or a number of an ordinary default ("hub", 2000). A new kind of machine-dependent default makes
    // the committed reference differ on the next machine, and ConfigurationReferenceTests says so.
    private static bool DependsOnTheMachine(string text)
    {
        string[] found =
        [
            $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}",
            Environment.CurrentDirectory,
            AppContext.BaseDirectory.TrimEnd('/', '\\'),
            Path.GetTempPath().TrimEnd('/', '\\'),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        ];
        return found.Any(f => f.Length > 1 && text.Contains(f, StringComparison.Ordinal));
    }
}
