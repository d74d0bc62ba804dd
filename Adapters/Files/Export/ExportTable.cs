using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Adapters.Files.Export;

/// <summary>
/// One file for an export folder: rows of named columns, and what the file is about. Generic on purpose: a part
/// request to the ERP (issue 24 item 3) is one, a customer-data change (issue 23 item 3) can be another. It travels
/// through the hub's outbox as JSON (<see cref="ToJson"/>), so a retry or a replay writes the same file.
/// </summary>
public sealed record ExportTable
{
    /// <summary>What the file holds, e.g. <c>part-request</c>: the first part of the file name.</summary>
    public required string Kind { get; init; }

    /// <summary>Which one, e.g. <c>PR-2026-000001</c>: the second part of the file name, unique per <see cref="Kind"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The header row.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The rows, each with one cell per column.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    /// <summary>The file's name in the folder: <c>&lt;kind&gt;-&lt;id&gt;.csv</c>, with anything but ASCII letters, digits, '-' and '_' made '_'.</summary>
    [JsonIgnore]
    public string FileName => $"{Safe(Kind)}-{Safe(Id)}.csv";

    public string ToJson() => JsonSerializer.Serialize(this, ExportJsonContext.Default.ExportTable);

    /// <summary>The table of <paramref name="json"/>, or null with the reason when it is not one (a message of another kind, a damaged row).</summary>
    public static ExportTable? FromJson(string json, out string? problem)
    {
        try
        {
            var table = JsonSerializer.Deserialize(json, ExportJsonContext.Default.ExportTable);
            problem = table is null ? "the message is not an export table" : Check(table);
            return problem is null ? table : null;
        }
        catch (JsonException e)
        {
            problem = $"the message is not an export table ({e.Message})";
            return null;
        }
    }

    /// <summary>Why the table cannot be written, or null: no columns, a row of another width, an empty kind or id.</summary>
    public static string? Check(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (string.IsNullOrWhiteSpace(table.Kind) || string.IsNullOrWhiteSpace(table.Id))
        {
            return "an export table needs a kind and an id (they name the file)";
        }

        // Nulls can come from JSON (a damaged or hand-made message), whatever the declared types say.
        if (table.Columns is null || table.Columns.Count == 0 || table.Columns.Any(c => c is null))
        {
            return "an export table needs at least one column, each with a name";
        }

        if (table.Rows is null)
        {
            return "an export table needs a list of rows";
        }

        for (var i = 0; i < table.Rows.Count; i++)
        {
            if (table.Rows[i] is not { } row || row.Count != table.Columns.Count || row.Any(c => c is null))
            {
                return $"row {i + 1} has {table.Rows[i]?.Count ?? 0} cells for {table.Columns.Count} columns, or an empty (null) one";
            }
        }

        return null;
    }

    // Keeps the name a plain file name on every system: no separators, no "..", no hidden file, each part at most 80 characters.
    private static string Safe(string part)
    {
        var safe = string.Create(part.Length, part, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_';
            }
        });
        return safe.Length > 80 ? safe[..80] : safe;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ExportTable))]
internal sealed partial class ExportJsonContext : JsonSerializerContext;
