using IntegrationHub.Mappings.Conversion;

namespace IntegrationHub.Mappings.Binding;

/// <summary>Reads the record's source version (its modification time) from a column.</summary>
internal sealed class TimestampBinding(string column, DateConverter converter)
{
    public const string TargetField = "timestamp";

    public string Column { get; } = column;

    public bool TryRead(IReadOnlyDictionary<string, string?> fields, List<FieldError> errors, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!fields.TryGetValue(Column, out var raw))
        {
            errors.Add(FieldBinding.MissingColumn(Column, TargetField, fields));
            return false;
        }

        var text = raw?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Add(new FieldError(Column, TargetField,
                $"the source timestamp is required ({converter.Expected}) but the column is empty"));
            return false;
        }

        if (!converter.TryConvert(text, out timestamp))
        {
            errors.Add(new FieldError(Column, TargetField, converter.DescribeFailure(text)));
            return false;
        }

        return true;
    }
}
