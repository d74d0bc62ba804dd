using System.Globalization;
using System.Text.Json;
using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// A change as the portal's profile page sends it, checked field by field with the clean-up rules (issue 23 item 3):
/// <c>{"subject": "contact", "action": "edit", "id": "...", "values": {"phone": "..."}, "confirmHints": false, "check": false}</c>.
/// Phones and e-mail addresses come back normalised; a likely typing slip in an e-mail domain is offered as a hint, never
/// applied: the change is refused until the customer takes the suggestion or confirms the address as typed.
/// </summary>
internal sealed record ProfileInput
{
    private static readonly string[] Members = ["subject", "action", "id", "values", "confirmHints", "check"];

    public required string Subject { get; init; }

    public required string Action { get; init; }

    public string? TargetId { get; init; }

    /// <summary>The fields the customer sent, normalised; a field not sent is absent (an edit keeps its current value).</summary>
    public required IReadOnlyDictionary<string, string?> Values { get; init; }

    /// <summary>The clean-up rules' suggestions, e.g. "email: did you mean 'li@qq.com'?".</summary>
    public required IReadOnlyList<string> Hints { get; init; }

    /// <summary>The suggested spelling per field (<c>email</c>), for the page's "use the suggestion" button.</summary>
    public required IReadOnlyDictionary<string, string> Suggestions { get; init; }

    public bool ConfirmHints { get; init; }

    /// <summary>Only check and normalise; record nothing.</summary>
    public bool CheckOnly { get; init; }

    /// <summary>The change, or null with every problem named (field and what is wrong) in <paramref name="errors"/>.</summary>
    public static ProfileInput? Parse(JsonElement body, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"The body must be a JSON object with {string.Join(", ", Members)}; found {body.ValueKind}.");
            return null;
        }

        foreach (var member in body.EnumerateObject().Where(m => !Members.Contains(m.Name, StringComparer.Ordinal)))
        {
            problems.Add($"'{Visible(member.Name, 40)}' is not a field of a profile change; use {string.Join(", ", Members)}.");
        }

        var subject = Text(body, "subject", problems);
        var action = Text(body, "action", problems);
        var id = Text(body, "id", problems);
        if (subject is not null && !ProfileSubjects.All.Contains(subject, StringComparer.Ordinal))
        {
            problems.Add($"subject is '{Visible(subject, 40)}'; use one of {string.Join(", ", ProfileSubjects.All)}.");
            subject = null;
        }

        string[] actions = subject == ProfileSubjects.Plans ? [ProfileSubjects.Edit] : [ProfileSubjects.Add, ProfileSubjects.Edit, ProfileSubjects.Remove];
        if (action is null || !actions.Contains(action, StringComparer.Ordinal))
        {
            problems.Add($"action is '{Visible(action ?? string.Empty, 40)}'; use one of {string.Join(", ", actions)}{(subject is null ? string.Empty : " for a " + subject)}.");
        }

        if (subject is ProfileSubjects.Contact or ProfileSubjects.Address && action is ProfileSubjects.Edit or ProfileSubjects.Remove && string.IsNullOrWhiteSpace(id))
        {
            problems.Add($"id is missing: say which {subject} to {action}.");
        }
        else if (id is { Length: > 100 } || id is not null && HasControl(id))
        {
            problems.Add("id is not an id of this account (at most 100 characters, no control characters).");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var hints = new List<string>();
        var suggestions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (subject is not null && action is ProfileSubjects.Add or ProfileSubjects.Edit)
        {
            ReadValues(body, subject, action == ProfileSubjects.Add, values, (hints, suggestions), problems);
        }
        else if (body.TryGetProperty("values", out var unused) && unused.ValueKind == JsonValueKind.Object && unused.EnumerateObject().Any())
        {
            problems.Add("values are not read for a removal: send none.");
        }

        var confirm = Flag(body, "confirmHints", problems);
        var check = Flag(body, "check", problems);
        return problems.Count > 0 ? null : new ProfileInput
        {
            Subject = subject!, Action = action!, TargetId = string.IsNullOrWhiteSpace(id) ? null : id.Trim(), Values = values, Hints = hints, Suggestions = suggestions,
            ConfirmHints = confirm, CheckOnly = check,
        };
    }

    private static void ReadValues(
        JsonElement body, string subject, bool adding, Dictionary<string, string?> values, (List<string> Texts, Dictionary<string, string> Suggestions) hints, List<string> problems)
    {
        var fields = ProfileSubjects.Fields(subject);
        if (!body.TryGetProperty("values", out var given) || given.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"values must be a JSON object with {string.Join(", ", fields)}.");
            return;
        }

        foreach (var field in given.EnumerateObject())
        {
            var at = "values." + Visible(field.Name, 40);
            if (!fields.Contains(field.Name, StringComparer.Ordinal))
            {
                problems.Add($"{at} is not a field of a {subject}; use {string.Join(", ", fields)}.");
                continue;
            }

            if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                problems.Add($"{at} must be text or null; found {field.Value.ValueKind}.");
                continue;
            }

            values[field.Name] = Clean(field.Name, field.Value.GetString(), at, hints, problems);
        }

        foreach (var required in fields.Where(f => ProfileSubjects.IsRequired(subject, f)))
        {
            if ((adding || values.ContainsKey(required)) && string.IsNullOrEmpty(values.GetValueOrDefault(required)) && !problems.Any(p => p.StartsWith("values." + required + " ", StringComparison.Ordinal)))
            {
                problems.Add($"values.{required} is required for a {subject}.");
            }
        }
    }

    /// <summary>A field's value tidied and normalised; null for empty; a problem named with <paramref name="at"/> otherwise.</summary>
    private static string? Clean(string field, string? raw, string at, (List<string> Texts, Dictionary<string, string> Suggestions) hints, List<string> problems)
    {
        if (raw is null)
        {
            return null;
        }

        var max = ProfileSubjects.MaxLength(field);
        if (raw.Length > max)
        {
            problems.Add($"{at} is {raw.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        // Line breaks belong in the plans note and an address; every other control character is refused, not dropped:
        // it was typed by nobody, and a CSV line or a mail header must never carry it.
        var lineBreaks = field is "plans" or "address";
        foreach (var c in raw.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if ((char.IsControl(c) || c is '\u2028' or '\u2029') && !(lineBreaks && c == '\n'))
            {
                problems.Add($"{at} holds the control character U+{(int)c:X4}; remove it.");
                return null;
            }
        }

        if (!IsWellFormed(raw))
        {
            problems.Add($"{at} holds broken text (an unpaired surrogate).");
            return null;
        }

        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        switch (field)
        {
            case "phone":
                var phone = PhoneNormalizer.Normalize(text);
                if (phone.Normalized is null)
                {
                    problems.Add($"{at} '{Visible(text, 64)}' is not a phone number: {phone.Problem}.");
                }

                return phone.Normalized;
            case "email":
                var email = EmailNormalizer.Normalize(text);
                if (email.Normalized is null)
                {
                    problems.Add($"{at} '{Visible(text, 64)}' is not an e-mail address: {email.Problem}.");
                }
                else if (email.Suggestion is { } suggestion)
                {
                    hints.Texts.Add($"{at}: '{email.Normalized}' looks like a typing slip; did you mean '{suggestion}'?");
                    hints.Suggestions[field] = suggestion;
                }

                return email.Normalized;
            default:
                return field is "plans" or "address" ? text : string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static string? Text(JsonElement body, string name, List<string> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be text; found {value.ValueKind}.");
            return null;
        }

        return value.GetString();
    }

    private static bool Flag(JsonElement body, string name, List<string> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.False)
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.True)
        {
            problems.Add($"{name} must be true or false; found {value.ValueKind}.");
        }

        return value.ValueKind == JsonValueKind.True;
    }

    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The caller's text, bounded and with control characters shown as '?', for an error message.</summary>
    internal static string Visible(string text, int max)
    {
        var clean = new string([.. text.Take(max).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > max ? clean + "..." : clean;
    }
}
