using System.Text.Json;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>
/// Maps source records to canonical changes; a record that fails becomes a dead letter that keeps its fields as
/// JSON, so that it can be replayed once the mapping is fixed.
/// </summary>
internal sealed class RecordMapper(MappingCatalog catalog, TimeProvider time)
{
    public MappedBatch Map(IReadOnlyList<SourceRecord> records)
    {
        var changes = new List<CanonicalChange>(records.Count);
        var sources = new List<SourceRecord>(records.Count);
        var failures = new List<(SourceRecord Record, DeadLetter Letter, IReadOnlyList<FieldError> Errors)>();
        var now = time.GetUtcNow();
        foreach (var record in records)
        {
            var mapped = catalog.Map(record);
            if (mapped.Succeeded)
            {
                changes.Add(mapped.Change);
                sources.Add(record);
                continue;
            }

            var letter = DeadLetter.Create(
                record.Source,
                record.Reference,
                SerializeFields(record.Fields),
                string.Join("; ", mapped.Errors),
                now);
            failures.Add((record, letter, mapped.Errors));
        }

        return new MappedBatch(changes, failures) { Sources = sources };
    }

    /// <summary>The fields of a record as JSON, for a dead letter.</summary>
    public static string SerializeFields(IReadOnlyDictionary<string, string?> fields) =>
        JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Value), EntityJsonContext.Default.DictionaryStringString);

    /// <summary>The fields of a dead letter written by <see cref="SerializeFields"/>, or null for a raw-text one.</summary>
    public static Dictionary<string, string?>? DeserializeFields(string payload)
    {
        if (!payload.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(payload, EntityJsonContext.Default.DictionaryStringString);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
