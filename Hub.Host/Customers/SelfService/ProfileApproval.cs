using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// What approving a change writes to the customer master (issue 23 item 3), computed from the records as they are at
/// the approval: the updated customer or contact, or, when the record changed since the customer proposed (the ERP
/// imported another value, another change was approved), a conflict that names each field: the desk is told, and
/// nothing is overwritten.
/// </summary>
internal static class ProfileApproval
{
    /// <summary>The source name of what the portal's approved changes write; the ERP's imports keep their own.</summary>
    public const string Source = "portal-self-service";

    /// <summary>
    /// The stamp of an approved change's write: the approval's time, or just after the stored version's when that one is
    /// later (a source whose clock runs ahead), so that last-writer-wins never drops an approved change silently.
    /// </summary>
    public static SourceStamp Stamp(string changeId, DateTimeOffset at, DateTimeOffset? stored) =>
        new(Source, stored is { } s && s >= at ? s.AddTicks(10) : at, changeId);

    /// <summary>The record to write, or null with <paramref name="conflict"/> saying why not.</summary>
    public static CanonicalEntity? Apply(ProfileChange change, Customer? customer, Contact? contact, DateTimeOffset at, out string? conflict)
    {
        conflict = null;
        if (customer is null)
        {
            conflict = $"Customer {change.CustomerCode} is no longer in the customer master.";
            return null;
        }

        return change.Subject switch
        {
            ProfileSubjects.Contact => ApplyContact(change, contact, at, out conflict),
            ProfileSubjects.Address => ApplyAddress(change, customer, out conflict),
            _ => ApplyPlans(change, customer, out conflict),
        };
    }

    /// <summary>A contact of this customer that is not removed, else null: another customer's contact is no contact here.</summary>
    public static Contact? Live(Contact? contact, string customerCode) =>
        contact is { RemovedAt: null } && string.Equals(contact.CustomerCode, customerCode, StringComparison.Ordinal) ? contact : null;

    private static Contact? ApplyContact(ProfileChange change, Contact? stored, DateTimeOffset at, out string? conflict)
    {
        conflict = null;
        if (change.Action == ProfileSubjects.Add)
        {
            if (stored is not null)
            {
                conflict = $"Contact {change.TargetId} exists already.";
                return null;
            }

            return new Contact
            {
                ContactId = change.TargetId!, CustomerCode = change.CustomerCode, Name = change.New.GetValueOrDefault("name") ?? string.Empty,
                Phone = change.New.GetValueOrDefault("phone"), Email = change.New.GetValueOrDefault("email"), Role = change.New.GetValueOrDefault("role"),
            };
        }

        if (Live(stored, change.CustomerCode) is not { } contact)
        {
            conflict = $"Contact {change.TargetId} is no longer on the account (removed or moved since the proposal).";
            return null;
        }

        if (Stale(change, ProfileValues.Of(contact), out conflict))
        {
            return null;
        }

        return change.Action == ProfileSubjects.Remove
            ? contact with { RemovedAt = at }
            : contact with
            {
                Name = change.New.GetValueOrDefault("name") ?? contact.Name, Phone = change.New.GetValueOrDefault("phone"),
                Email = change.New.GetValueOrDefault("email"), Role = change.New.GetValueOrDefault("role"),
            };
    }

    private static Customer? ApplyAddress(ProfileChange change, Customer customer, out string? conflict)
    {
        conflict = null;
        var addresses = (customer.DeliveryAddresses ?? []).ToList();
        var index = addresses.FindIndex(a => string.Equals(a.Id, change.TargetId, StringComparison.Ordinal));
        if (change.Action == ProfileSubjects.Add)
        {
            if (index >= 0)
            {
                conflict = $"Delivery address {change.TargetId} exists already.";
                return null;
            }

            addresses.Add(Address(change.TargetId!, change.New));
            return customer with { DeliveryAddresses = addresses };
        }

        if (index < 0)
        {
            conflict = $"Delivery address {change.TargetId} is no longer on the account.";
            return null;
        }

        if (Stale(change, ProfileValues.Of(addresses[index]), out conflict))
        {
            return null;
        }

        if (change.Action == ProfileSubjects.Remove)
        {
            addresses.RemoveAt(index);
        }
        else
        {
            addresses[index] = Address(change.TargetId!, change.New);
        }

        return customer with { DeliveryAddresses = addresses };
    }

    private static Customer? ApplyPlans(ProfileChange change, Customer customer, out string? conflict) =>
        Stale(change, ProfileValues.OfPlans(customer), out conflict) ? null : customer with { Plans = change.New.GetValueOrDefault("plans") };

    private static DeliveryAddress Address(string id, IReadOnlyDictionary<string, string?> values) => new()
    {
        Id = id, Label = values.GetValueOrDefault("label"), Recipient = values.GetValueOrDefault("recipient"),
        Phone = values.GetValueOrDefault("phone"), Address = values.GetValueOrDefault("address") ?? string.Empty,
    };

    private static bool Stale(ProfileChange change, IReadOnlyDictionary<string, string?> now, out string? conflict)
    {
        var differences = ProfileValues.Differences(change.Old, now);
        conflict = differences.Count == 0
            ? null
            : $"The customer master changed since the customer proposed this ({string.Join("; ", differences)}); nothing was overwritten. Reject it, and the customer can propose again from the current values.";
        return conflict is not null;
    }
}
