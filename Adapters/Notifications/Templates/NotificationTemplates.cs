using System.Globalization;
using HandlebarsDotNet;

namespace IntegrationHub.Adapters.Notifications.Templates;

/// <summary>
/// The message templates, one Handlebars file per event, audience and language:
/// <c>&lt;event&gt;.&lt;audience&gt;.&lt;language&gt;.hbs</c>, for example <c>ticket-opened.customer.zh-CN.hbs</c>.
/// The first line is <c>Subject: ...</c>, the rest is the body. Both are plain text: values are not HTML-escaped.
/// </summary>
public sealed class NotificationTemplates
{
    /// <summary>The language used when a template is missing in the one asked for.</summary>
    public const string FallbackLanguage = "en";

    private readonly Dictionary<string, (HandlebarsTemplate<object, object> Subject, HandlebarsTemplate<object, object> Body)> _templates;

    private NotificationTemplates(Dictionary<string, (HandlebarsTemplate<object, object>, HandlebarsTemplate<object, object>)> templates) =>
        _templates = templates;

    /// <summary>The keys <c>event.audience.language</c> of every template loaded.</summary>
    public IReadOnlyCollection<string> Keys => _templates.Keys;

    /// <summary>Loads every <c>*.hbs</c> file of <paramref name="folder"/>; all problems are reported at once.</summary>
    /// <param name="folder">The templates folder.</param>
    /// <param name="readFile">
    /// Reads one file's bytes; the hub passes its guarded reader (regular files of the folder only, within a size
    /// limit), whose <see cref="IOException"/> becomes the file's error. <see cref="File.ReadAllBytes"/> when null.
    /// </param>
    public static TemplateLoadResult LoadDirectory(string folder, Func<string, byte[]>? readFile = null)
    {
        readFile ??= File.ReadAllBytes;
        ArgumentNullException.ThrowIfNull(folder);
        var errors = new List<string>();
        var templates = new Dictionary<string, (HandlebarsTemplate<object, object>, HandlebarsTemplate<object, object>)>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(folder))
        {
            errors.Add($"{folder}: the notification templates folder does not exist; create it, or set Hub:Notifications:TemplatesFolder.");
            return new TemplateLoadResult(null, errors);
        }

        var handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true, ThrowOnUnresolvedBindingExpression = false });
        foreach (var path in Directory.EnumerateFiles(folder, "*.hbs").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var parts = Path.GetFileNameWithoutExtension(path).Split('.');
            if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{file}: the name must be <event>.<audience>.<language>.hbs, for example ticket-opened.customer.en.hbs.");
                continue;
            }

            string text;
            try
            {
                using var reader = new StreamReader(new MemoryStream(readFile(path)), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{file}: not read: {e.Message}");
                continue;
            }

            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            var first = newline < 0 ? text : text[..newline];
            if (!first.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{file}, line 1: expected 'Subject: <subject template>' but found '{Shorten(first)}'.");
                continue;
            }

            var body = newline < 0 ? string.Empty : text[(newline + 1)..].TrimStart('\n');
            try
            {
                var subject = handlebars.Compile(first["Subject:".Length..].Trim());
                var compiledBody = handlebars.Compile(body);
                templates[string.Join('.', parts)] = (subject, compiledBody);
            }
            catch (HandlebarsException e)
            {
                errors.Add($"{file}: the template does not compile: {e.Message}");
            }
        }

        return new TemplateLoadResult(errors.Count == 0 ? new NotificationTemplates(templates) : null, errors);
    }

    /// <summary>Whether a template exists for the event and audience in <paramref name="language"/> or the fallback.</summary>
    public bool Has(string eventName, string audience, string language) =>
        _templates.ContainsKey(Key(eventName, audience, language)) || _templates.ContainsKey(Key(eventName, audience, FallbackLanguage));

    /// <summary>Renders the template for the event and audience, in <paramref name="language"/> or else in English.</summary>
    /// <exception cref="KeyNotFoundException">No template exists in either language.</exception>
    public RenderedMessage Render(string eventName, string audience, string language, object model, IReadOnlyList<string> recipients)
    {
        if (!_templates.TryGetValue(Key(eventName, audience, language), out var template)
            && !_templates.TryGetValue(Key(eventName, audience, FallbackLanguage), out template))
        {
            throw new KeyNotFoundException($"No notification template {Key(eventName, audience, language)}.hbs nor {Key(eventName, audience, FallbackLanguage)}.hbs.");
        }

        return new RenderedMessage(template.Subject(model).Trim(), template.Body(model).TrimEnd() + "\n", recipients);
    }

    private static string Key(string eventName, string audience, string language) =>
        string.Create(CultureInfo.InvariantCulture, $"{eventName}.{audience}.{language}");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
