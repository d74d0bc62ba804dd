using System.Globalization;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// Reads a service report sent by the phone page, field by field, so that a wrong type or a bad value is answered
/// with a 400 naming the field and what was wrong (a typed body would fail as a bare 400), and nothing is stored.
/// </summary>
internal static class ServiceReportReader
{
    /// <summary>The longest description of the work done, in characters.</summary>
    public const int MaxWorkDoneLength = 4000;

    /// <summary>The longest sign-off name.</summary>
    public const int MaxCustomerNameLength = 200;

    /// <summary>The longest item code of a part.</summary>
    public const int MaxItemCodeLength = 64;

    /// <summary>The most part lines on one report.</summary>
    public const int MaxParts = 50;

    /// <summary>The most time one report can book: a week, in minutes.</summary>
    public const int MaxMinutes = 7 * 24 * 60;

    /// <summary>The largest quantity of one part line.</summary>
    public const decimal MaxQuantity = 100_000m;

    /// <summary>The report, or the problem that refuses it.</summary>
    public static (ServiceReport? Report, DeskError? Problem) Read(JsonElement body, string ticketNo, string engineerId, DateTimeOffset now)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problem("invalid_report", $"The report must be a JSON object; found {Kind(body)}.");
        }

        var reportId = body.TryGetProperty("reportId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (reportId is null || reportId.Length != 36 || !Guid.TryParseExact(reportId, "D", out var guid))
        {
            return Problem("invalid_report_id", "reportId must be the report's own id, a UUID the page made when the report was written (36 characters, e.g. 3f2b0c1e-8d4a-4e6f-9b1a-2c3d4e5f6a7b).");
        }

        if (Text(body, "workDone", MaxWorkDoneLength, required: true, out var workDone) is { } workProblem)
        {
            return (null, workProblem);
        }

        if (!body.TryGetProperty("minutesSpent", out var minutes) || minutes.ValueKind != JsonValueKind.Number || !minutes.TryGetInt32(out var minutesSpent))
        {
            return Problem("invalid_minutes", $"minutesSpent must be a whole number of minutes; found {(body.TryGetProperty("minutesSpent", out var m) ? Kind(m) : "none")}.");
        }

        if (minutesSpent is < 0 or > MaxMinutes)
        {
            return Problem("invalid_minutes", string.Create(CultureInfo.InvariantCulture, $"minutesSpent is {minutesSpent}; use 0 to {MaxMinutes} (a week)."));
        }

        if (Text(body, "customerName", MaxCustomerNameLength, required: true, out var customerName, lineBreaks: false) is { } nameProblem)
        {
            return (null, nameProblem);
        }

        var (parts, partsProblem) = Parts(body);
        if (partsProblem is not null)
        {
            return (null, partsProblem);
        }

        return (new ServiceReport(guid.ToString("D"), ticketNo, engineerId, now, workDone!.Trim(), minutesSpent, parts!, customerName!.Trim()), null);
    }

    private static (IReadOnlyList<ServiceReportPart>? Parts, DeskError? Problem) Parts(JsonElement body)
    {
        if (!body.TryGetProperty("parts", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return ([], null);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return (null, new DeskError("invalid_parts", $"parts must be a list of {{itemCode, quantity}}; found {Kind(list)}."));
        }

        if (list.GetArrayLength() > MaxParts)
        {
            return (null, new DeskError("invalid_parts", string.Create(CultureInfo.InvariantCulture, $"parts has {list.GetArrayLength()} lines; the limit is {MaxParts}.")));
        }

        var parts = new List<ServiceReportPart>();
        var line = 0;
        foreach (var part in list.EnumerateArray())
        {
            line++;
            var where = string.Create(CultureInfo.InvariantCulture, $"parts line {line}");
            if (part.ValueKind != JsonValueKind.Object)
            {
                return (null, new DeskError("invalid_parts", $"{where} must be an object {{itemCode, quantity}}; found {Kind(part)}."));
            }

            if (Text(part, "itemCode", MaxItemCodeLength, required: true, out var itemCode, lineBreaks: false) is { } codeProblem)
            {
                return (null, codeProblem with { Message = $"{where}: {codeProblem.Message}" });
            }

            if (!part.TryGetProperty("quantity", out var q) || q.ValueKind != JsonValueKind.Number || !q.TryGetDecimal(out var quantity))
            {
                return (null, new DeskError("invalid_parts", $"{where}: quantity must be a number; found {(part.TryGetProperty("quantity", out var found) ? Kind(found) : "none")}."));
            }

            if (quantity <= 0 || quantity > MaxQuantity)
            {
                return (null, new DeskError("invalid_parts", string.Create(CultureInfo.InvariantCulture, $"{where}: quantity is {quantity}; use more than 0 and at most {MaxQuantity}.")));
            }

            parts.Add(new ServiceReportPart(itemCode!.Trim(), quantity));
        }

        return (parts, null);
    }

    /// <summary>A text field checked for type, presence, length and control characters; null when it is fine.</summary>
    private static DeskError? Text(JsonElement body, string field, int limit, bool required, out string? value, bool lineBreaks = true)
    {
        value = null;
        if (!body.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? new DeskError("missing_field", $"The {field} is missing.") : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new DeskError("invalid_type", $"The {field} must be text; found {Kind(element)}.");
        }

        value = element.GetString()!;
        if (required && string.IsNullOrWhiteSpace(value))
        {
            return new DeskError("missing_field", $"The {field} is empty.");
        }

        if (DeskRequestValidation.TextProblem(value, field, limit) is { } problem)
        {
            return problem;
        }

        // A name or an item code is one line: a line break would forge a line of the history or a log.
        var breakAt = lineBreaks ? -1 : value.AsSpan().IndexOfAny('\r', '\n', '\t');
        return breakAt >= 0
            ? new DeskError("invalid_text", string.Create(CultureInfo.InvariantCulture, $"The {field} holds the control character U+{(int)value[breakAt]:X4} at position {breakAt + 1}; it must be one line."))
            : null;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static (ServiceReport?, DeskError?) Problem(string error, string message) => (null, new DeskError(error, message));
}
