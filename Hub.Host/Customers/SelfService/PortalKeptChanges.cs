using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>Applies <see cref="PortalKeptFields.Keep"/> to a batch, from what a store read for it.</summary>
internal static class PortalKeptChanges
{
    /// <summary>A contact's last approved edit as the stores read it: only its values matter here.</summary>
    public static ProfileChange Edit(string contactId, string oldValues, string newValues) => new()
    {
        ChangeId = string.Empty, CustomerCode = string.Empty, Subject = ProfileSubjects.Contact, Action = ProfileSubjects.Edit, TargetId = contactId,
        Old = ProfileJson.Values(oldValues), New = ProfileJson.Values(newValues), ProposedBy = string.Empty, ProposedAt = default,
        Status = ProfileChangeStatus.Approved,
    };

    public static IReadOnlyList<CanonicalChange> Keep(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyDictionary<(EntityKind, string), CanonicalEntity> stored, IReadOnlyDictionary<string, ProfileChange> approved)
    {
        if (stored.Count == 0)
        {
            return changes;
        }

        var kept = new CanonicalChange[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            kept[i] = stored.TryGetValue((change.Entity.Kind, change.Entity.Key), out var before)
                ? PortalKeptFields.Keep(change, before, approved.GetValueOrDefault(change.Entity.Key))
                : change;
        }

        return kept;
    }
}
