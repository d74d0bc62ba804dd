using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// The body of <c>POST /api/field/tickets/{ticketNo}/parts</c>, checked by hand rather than bound, so that a bad line is
/// refused with a message naming it (<c>lines[2].quantity</c>) instead of the framework's generic "bad request".
/// </summary>
internal sealed record PartRequestInput(string RequestId, IReadOnlyList<(string ItemCode, decimal Quantity)> Lines)
{
    /// <summary>At most this many lines in one request.</summary>
    public const int MaxLines = 50;

    /// <summary>The longest item code accepted (ERP item codes are far shorter).</summary>
    public const int MaxItemCodeLength = 64;

    /// <summary>The largest quantity of one line.</summary>
    public const decimal MaxQuantity = 1_000_000m;

    /// <summary>The body as a request, or null with the problem, naming the field (lines are numbered from 1).</summary>
    public static PartRequestInput? Parse(JsonElement body, out string? problem)
    {
        problem = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = "The body must be a JSON object {\"requestId\", \"lines\": [{\"itemCode\", \"quantity\"}]}.";
            return null;
        }

        if (!body.TryGetProperty("requestId", out var id) || id.ValueKind != JsonValueKind.String || !Guid.TryParse(id.GetString(), out var requestId))
        {
            problem = "requestId must be the client's UUID of this request (the same on a resend), e.g. 3f2b8c1e-9a4d-4c61-b7de-0a1c2e3f4a5b.";
            return null;
        }

        if (!body.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array || lines.GetArrayLength() == 0)
        {
            problem = "lines must be a list of at least one {\"itemCode\", \"quantity\"}.";
            return null;
        }

        if (lines.GetArrayLength() > MaxLines)
        {
            problem = $"lines has {lines.GetArrayLength()} entries; at most {MaxLines} in one request (send the rest as another request).";
            return null;
        }

        var parsed = new List<(string, decimal)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines.EnumerateArray())
        {
            number++;
            if (Line(line, number, out var itemCode, out var quantity) is { } bad)
            {
                problem = bad;
                return null;
            }

            if (seen.TryGetValue(itemCode, out var first))
            {
                problem = $"line {number}: item {itemCode} is on line {first} already; put its whole quantity on one line.";
                return null;
            }

            seen[itemCode] = number;
            parsed.Add((itemCode, quantity));
        }

        return new PartRequestInput(requestId.ToString("D"), parsed);
    }

    /// <summary>Why <paramref name="itemCode"/> cannot be an item code, or null: empty, too long, control characters, '|'.</summary>
    public static string? ItemCodeProblem(string itemCode) =>
        itemCode.Length == 0 ? "is empty"
        : itemCode.Length > MaxItemCodeLength ? $"is {itemCode.Length} characters long; at most {MaxItemCodeLength}"
        : itemCode.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029') ? "holds control characters"
        : itemCode.Contains(Crm.Core.Changes.KeyParts.Separator, StringComparison.Ordinal) ? $"holds '{Crm.Core.Changes.KeyParts.Separator}', which no item code has"
        : null;

    private static string? Line(JsonElement line, int number, out string itemCode, out decimal quantity)
    {
        itemCode = string.Empty;
        quantity = 0;
        if (line.ValueKind != JsonValueKind.Object)
        {
            return $"line {number}: each line must be an object {{\"itemCode\", \"quantity\"}}.";
        }

        if (!line.TryGetProperty("itemCode", out var code) || code.ValueKind != JsonValueKind.String)
        {
            return $"line {number}: itemCode must be text.";
        }

        itemCode = code.GetString()!.Trim();
        if (ItemCodeProblem(itemCode) is { } codeProblem)
        {
            return $"line {number}: itemCode {codeProblem}.";
        }

        if (!line.TryGetProperty("quantity", out var amount) || amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out quantity))
        {
            return $"line {number} ({itemCode}): quantity must be a number, e.g. 2 or 1.5.";
        }

        if (quantity <= 0 || quantity > MaxQuantity)
        {
            return string.Create(CultureInfo.InvariantCulture, $"line {number} ({itemCode}): quantity is {quantity}; it must be more than 0 and at most {MaxQuantity:0}.");
        }

        return null;
    }
}
