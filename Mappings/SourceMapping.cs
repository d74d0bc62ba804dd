using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Binding;

namespace IntegrationHub.Mappings;

/// <summary>
/// One source's mapping, loaded from its YAML file: turns that source's records into canonical changes. It is
/// immutable and safe to use from several threads.
/// </summary>
public sealed class SourceMapping
{
    private readonly MappingTarget[] _targets;
    private readonly TimestampBinding? _timestamp;

    internal SourceMapping(
        string source, string filePath, IReadOnlyList<MappingTarget> targets, TimeZoneInfo timeZone, FileSourceOptions? file,
        TimestampBinding? timestamp)
    {
        if (targets.Count == 0)
        {
            throw new ArgumentException("A mapping has at least one target.", nameof(targets));
        }

        Source = source;
        FilePath = filePath;
        _targets = [.. targets];
        TimeZone = timeZone;
        File = file;
        _timestamp = timestamp;
        Columns = [.. targets.SelectMany(t => t.Columns).Append(timestamp?.Column).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The source's name, unique in the catalog, for example <c>erp-orders</c>.</summary>
    public string Source { get; }

    /// <summary>The kind of canonical entity the source's records become; with several targets, the first one's.</summary>
    public EntityKind Target => _targets[0].Kind;

    /// <summary>
    /// Every entity one record becomes, in file order: one for a <c>target:</c> mapping, several for a <c>targets:</c>
    /// one (a flat export's order header and line).
    /// </summary>
    public IReadOnlyList<MappingTarget> Targets => _targets;

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
    /// Maps one record to one change per target. Bad data never throws: the result then carries every field error of
    /// the record, of every target, and no change: a row of a flat export is applied whole or not at all.
    /// </summary>
    public MappedRecord Map(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var errors = new List<FieldError>();
        var fields = record.Fields;
        var several = _targets.Length > 1;
        var entities = new CanonicalEntity[_targets.Length];
        for (var i = 0; i < _targets.Length; i++)
        {
            entities[i] = _targets[i].Make(fields, errors, several);
        }

        var timestamp = record.ReceivedAt;
        _timestamp?.TryRead(fields, errors, out timestamp);
        if (errors.Count > 0)
        {
            return MappedRecord.Failure(errors);
        }

        var stamp = new SourceStamp(Source, timestamp, record.Reference);
        return several
            ? MappedRecord.Success([.. entities.Select(e => new CanonicalChange(e, stamp))])
            : MappedRecord.Success(new CanonicalChange(entities[0], stamp));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Source} -> {string.Join(" + ", _targets.Select(t => t.Kind))} ({FilePath})";
}
