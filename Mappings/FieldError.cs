namespace IntegrationHub.Mappings;

/// <summary>Why one field of a source record could not be mapped.</summary>
/// <param name="Column">The source column, or null when the field is not read from a column.</param>
/// <param name="TargetField">
/// The canonical field the column maps to, for example <c>PromisedDate</c>; <c>timestamp</c> for the record's
/// version column.
/// </param>
/// <param name="Message">What was expected and what was found, for example
/// <c>'2025-13-40' is not a date in format yyyyMMdd or excel-serial</c>.</param>
public sealed record FieldError(string? Column, string TargetField, string Message)
{
    /// <summary>Formats the error as <c>column 交货日期 (PromisedDate): message</c>.</summary>
    public override string ToString() =>
        Column is null ? $"{TargetField}: {Message}" : $"column {Column} ({TargetField}): {Message}";
}
