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
    /// <summary>
    /// Maps records; a record of a several-target mapping gives each of its changes. With a <paramref name="ledger"/>
    /// (one per file), an entity that an earlier row of the file made is left out, and a row that would change it is
    /// rejected whole (issue 23 item 5).
    /// </summary>
    public MappedBatch Map(IReadOnlyList<SourceRecord> records, RepeatedRowLedger? ledger = null)
    {
        var changes = new List<CanonicalChange>(records.Count);
        var sources = new List<SourceRecord>(records.Count);
        var failures = new List<(SourceRecord Record, DeadLetter Letter, IReadOnlyList<FieldError> Errors)>();
        var now = time.GetUtcNow();
        foreach (var record in records)
        {
            var mapped = catalog.Map(record);
            IReadOnlyList<FieldError> errors = mapped.Errors;
            if (mapped.Succeeded)
            {
                FieldError? conflict = null;
                var admitted = ledger is null ? mapped.Changes : ledger.Admit(mapped, out conflict);
                if (conflict is null)
                {
                    foreach (var change in admitted)
                    {
                        changes.Add(change);
                        sources.Add(record);
                    }

                    continue;
                }

                errors = [conflict];
            }

            var letter = DeadLetter.Create(
                record.Source,
                record.Reference,
                SerializeFields(record.Fields),
                string.Join("; ", errors),
                now);
            failures.Add((record, letter, errors));
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
