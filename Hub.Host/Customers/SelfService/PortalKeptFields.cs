using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// Keeps what customers changed on the portal through an ERP re-import of the same records (issue 23 item 3), as the
/// portal's milestone choice survives one (issue 23 item 2): the plans note and the delivery addresses, which no ERP
/// export carries, stay as approved; a contact's removal stays until the ERP removes it; and an approved contact field
/// whose imported value is still the one it replaced (the ERP has not taken the change from its import folder yet)
/// keeps the approved value. A field the ERP changed to anything else is the ERP's newer word, and wins.
/// </summary>
internal static class PortalKeptFields
{
    /// <summary>Whether a batch holds records this may touch, so that the store reads nothing more for all others.</summary>
    public static bool Concerns(IReadOnlyList<CanonicalChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Entity is Customer or Contact && change.Stamp.Source != ProfileApproval.Source)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The keys of the records the store reads for <paramref name="changes"/>: customers and contacts from other sources.</summary>
    public static IEnumerable<(EntityKind Kind, string Key)> Keys(IReadOnlyList<CanonicalChange> changes) =>
        changes.Where(c => c.Entity is Customer or Contact && c.Stamp.Source != ProfileApproval.Source).Select(c => (c.Entity.Kind, c.Entity.Key)).Distinct();

    /// <summary>
    /// The incoming change with the portal's approved values kept: <paramref name="stored"/> is the record as stored,
    /// <paramref name="lastApproved"/> the contact's last approved edit, if any.
    /// </summary>
    public static CanonicalChange Keep(CanonicalChange incoming, CanonicalEntity? stored, ProfileChange? lastApproved)
    {
        if (incoming.Stamp.Source == ProfileApproval.Source)
        {
            return incoming;
        }

        switch (incoming.Entity, stored)
        {
            case (Customer customer, Customer before) when customer.Plans is null && before.Plans is not null
                || customer.DeliveryAddresses is null && before.DeliveryAddresses is not null:
                return incoming with
                {
                    Entity = customer with { Plans = customer.Plans ?? before.Plans, DeliveryAddresses = customer.DeliveryAddresses ?? before.DeliveryAddresses },
                };
            case (Contact contact, Contact before):
                var kept = contact with { RemovedAt = contact.RemovedAt ?? before.RemovedAt };
                if (lastApproved is { Action: ProfileSubjects.Edit })
                {
                    kept = kept with
                    {
                        Name = Field(kept.Name, "name", lastApproved) ?? kept.Name, Phone = Field(kept.Phone, "phone", lastApproved),
                        Email = Field(kept.Email, "email", lastApproved), Role = Field(kept.Role, "role", lastApproved),
                    };
                }

                return kept == contact ? incoming : incoming with { Entity = kept };
            default:
                return incoming;
        }
    }

    /// <summary>The approved value while the import still brings the value it replaced; the imported one otherwise.</summary>
    private static string? Field(string? imported, string field, ProfileChange approved) =>
        approved.New.TryGetValue(field, out var value) && approved.Old.TryGetValue(field, out var replaced)
            && string.Equals(imported ?? string.Empty, replaced ?? string.Empty, StringComparison.Ordinal)
            ? value
            : imported;
}
