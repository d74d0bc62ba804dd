using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>
/// The XML doc comments of the option types, read from the documentation file the compiler writes beside each assembly
/// (<c>GenerateDocumentationFile</c> in Directory.Build.props), and rendered as one line of Markdown.
/// </summary>
internal sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members = new(StringComparer.Ordinal);
    private readonly HashSet<Assembly> _loaded = [];
    private readonly List<string> _missing = [];

    /// <summary>Documentation files that should sit beside an assembly and do not: their descriptions stay empty.</summary>
    public IReadOnlyList<string> Missing => _missing;

    /// <summary>The <c>&lt;member&gt;</c> element of a type or property, if its assembly's documentation has one.</summary>
    public XElement? Member(MemberInfo member)
    {
        var assembly = member is Type type ? type.Assembly : member.DeclaringType!.Assembly;
        Load(assembly);
        return _members.GetValueOrDefault(Id(member));
    }

    /// <summary>The documentation id of a type (<c>T:</c>) or property (<c>P:</c>), as the compiler writes it.</summary>
    public static string Id(MemberInfo member) => member switch
    {
        Type type => "T:" + Name(type),
        PropertyInfo property => "P:" + Name(property.DeclaringType!) + "." + property.Name,
        _ => throw new ArgumentException($"{member.Name} is neither a type nor a property.", nameof(member)),
    };

    /// <summary>
    /// One element (<c>summary</c>, <c>value</c>) as Markdown on one line: <c>&lt;c&gt;</c> as code, a <c>cref</c> as
    /// <paramref name="reference"/> renders it (a setting's full key where it is one), table pipes escaped.
    /// </summary>
    public static string Render(XElement? element, Func<string, string> reference)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        AppendChildren(text, element, reference);
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static void AppendChildren(StringBuilder text, XElement element, Func<string, string> reference)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal));
                    break;
                case XElement inner:
                    AppendElement(text, inner, reference);
                    break;
            }
        }
    }

    private static void AppendElement(StringBuilder text, XElement element, Func<string, string> reference)
    {
        switch (element.Name.LocalName)
        {
            case "c" or "code":
                text.Append(Code(Whitespace().Replace(element.Value, " ").Trim()));
                break;
            case "see" or "seealso" when element.Attribute("cref")?.Value is { } cref:
                text.Append(reference(cref));
                break;
            case "see" when element.Attribute("langword")?.Value is { } word:
                text.Append(Code(word));
                break;
            case "paramref" or "typeparamref":
                text.Append(Code(element.Attribute("name")?.Value ?? string.Empty));
                break;
            case "para" or "br":
                text.Append(' ');
                AppendChildren(text, element, reference);
                text.Append(' ');
                break;
            default:
                AppendChildren(text, element, reference);
                break;
        }
    }

    /// <summary>A Markdown code span that survives a table cell.</summary>
    public static string Code(string text) => "`" + text.Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private void Load(Assembly assembly)
    {
        if (!_loaded.Add(assembly))
        {
            return;
        }

        // Beside the assembly; a single-file publish has no location, and ships the files beside the executable.
        var file = string.IsNullOrEmpty(assembly.Location)
            ? Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml")
            : Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file))
        {
            _missing.Add(file);
            return;
        }

        foreach (var member in XDocument.Load(file).Root?.Element("members")?.Elements("member") ?? [])
        {
            if (member.Attribute("name")?.Value is { } name)
            {
                _members[name] = member;
            }
        }
    }

    private static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
