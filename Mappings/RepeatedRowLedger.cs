using System.Globalization;
using System.Reflection;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Conversion;

namespace IntegrationHub.Mappings;

/// <summary>
/// Remembers, over the rows of one file, the entities that the rows of a several-target mapping made, so that a flat
/// export's header repeated on each of an order's lines is applied once (issue 23 item 5). Every target but the last
/// (the line) is remembered: a later row whose header equals the first is applied without it, and a later row whose
/// header differs is a conflict and rejected whole, since guessing which of two exports of an order is right could
/// silently store the wrong customer or date. The last target's entities are not remembered (a file holds few
/// orders and many lines). Use one ledger per file, from one thread.
/// </summary>
public sealed class RepeatedRowLedger
{
    private readonly Dictionary<(EntityKind Kind, string Key), (CanonicalEntity Entity, string? Reference)> _first = [];

    /// <summary>How many repeated entities were left out so far.</summary>
    public int LeftOut { get; private set; }

    /// <summary>
    /// The changes of a mapped row left to apply: all of a one-target row's; the new ones of a several-target row.
    /// When a remembered entity differs, returns none and <paramref name="conflict"/> says which fields and where the
    /// first came from; the row's entities are then not remembered.
    /// </summary>
    public IReadOnlyList<CanonicalChange> Admit(MappedRecord record, out FieldError? conflict)
    {
        ArgumentNullException.ThrowIfNull(record);
        conflict = null;
        var changes = record.Changes;
        if (changes.Count < 2)
        {
            return changes;
        }

        var remembered = changes.Take(changes.Count - 1).ToList();
        foreach (var change in remembered)
        {
            var entity = change.Entity;
            if (_first.TryGetValue((entity.Kind, entity.Key), out var first) && !first.Entity.Equals(entity))
            {
                conflict = Conflict(first.Entity, first.Reference, entity);
                return [];
            }
        }

        var kept = new List<CanonicalChange>(changes.Count);
        foreach (var change in remembered)
        {
            if (_first.TryAdd((change.Entity.Kind, change.Entity.Key), (change.Entity, change.Stamp.Reference)))
            {
                kept.Add(change);
            }
            else
            {
                LeftOut++;
            }
        }

        kept.Add(changes[^1]);
        return kept;
    }

    private static FieldError Conflict(CanonicalEntity first, string? firstReference, CanonicalEntity later)
    {
        var differing = first.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name is not (nameof(CanonicalEntity.Kind) or nameof(CanonicalEntity.Key)) && p.GetIndexParameters().Length == 0)
            .Where(p => !Equals(p.GetValue(first), p.GetValue(later)))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {Shown(p.GetValue(first))} there, {Shown(p.GetValue(later))} here"));
        return new FieldError(null, first.Kind.ToString(),
            $"{first.Kind} {Shown(first.Key)} differs from the one {firstReference ?? "an earlier row"} made ({string.Join("; ", differing)}); the file holds two versions of it, so this row is rejected whole and the first is kept: correct the export and drop it again");
    }

    // Values come from the file: shortened and with control characters escaped, as the mapping's own errors show them.
    private static string Shown(object? value) => ValueConverter<string>.Shown(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
}
