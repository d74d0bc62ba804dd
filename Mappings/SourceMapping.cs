using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Schema;

namespace IntegrationHub.Mappings;

/// <summary>
/// One source's mapping, loaded from its YAML file: turns that source's records into canonical changes. It is
/// immutable and safe to use from several threads.
/// </summary>
public sealed class SourceMapping
{
    private readonly TargetSchema _schema;
    private readonly FieldBinding[] _bindings;
    private readonly TimestampBinding? _timestamp;

    internal SourceMapping(
        string source, string filePath, TargetSchema schema, TimeZoneInfo timeZone, FileSourceOptions? file,
        IReadOnlyList<FieldBinding> bindings, TimestampBinding? timestamp)
    {
        Source = source;
        FilePath = filePath;
        _schema = schema;
        TimeZone = timeZone;
        File = file;
        _bindings = [.. bindings];
        _timestamp = timestamp;
        Columns = [.. bindings.Select(b => b.Column).Append(timestamp?.Column).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The source's name, unique in the catalog, for example <c>erp-orders</c>.</summary>
    public string Source { get; }

    /// <summary>The kind of canonical entity the source's records become.</summary>
    public EntityKind Target => _schema.Kind;

    /// <summary>The mapping file it was loaded from.</summary>
    public string FilePath { get; }

    /// <summary>Which dropped files belong to the source; null when the source is not a file drop.</summary>
    public FileSourceOptions? File { get; }

    /// <summary>The zone of dates written without an offset.</summary>
    /// <value>The default value is UTC.</value>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// The source columns the mapping reads (fields, then the timestamp), so that an adapter can check a file's
    /// header once before its rows.
    /// </summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The source column of the record's version, or null when the record's receive time is used.</summary>
    public string? TimestampColumn => _timestamp?.Column;

    /// <summary>
    /// Maps one record. Bad data never throws: the result then carries every field error of the record.
    /// </summary>
    public MappedRecord Map(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var errors = new List<FieldError>();
        var entity = _schema.Create();
        var fields = record.Fields;
        foreach (var binding in _bindings)
        {
            binding.Apply(entity, fields, errors);
        }

        var timestamp = record.ReceivedAt;
        _timestamp?.TryRead(fields, errors, out timestamp);
        return errors.Count == 0
            ? MappedRecord.Success(new CanonicalChange(entity, new SourceStamp(Source, timestamp, record.Reference)))
            : MappedRecord.Failure(errors);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Source} -> {Target} ({FilePath})";
}
