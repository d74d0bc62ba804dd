using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>The values of a contact, a delivery address and the plans note as a change shows them: field name to text.</summary>
internal static class ProfileValues
{
    public static IReadOnlyDictionary<string, string?> Of(Contact contact) => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["name"] = contact.Name, ["phone"] = contact.Phone, ["email"] = contact.Email, ["role"] = contact.Role,
    };

    public static IReadOnlyDictionary<string, string?> Of(DeliveryAddress address) => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["label"] = address.Label, ["recipient"] = address.Recipient, ["phone"] = address.Phone, ["address"] = address.Address,
    };

    public static IReadOnlyDictionary<string, string?> OfPlans(Customer? customer) =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["plans"] = customer?.Plans };

    /// <summary>The address of the customer with this id, or null.</summary>
    public static DeliveryAddress? Address(Customer? customer, string? id) =>
        customer?.DeliveryAddresses?.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));

    /// <summary>The fields whose values differ, as "field: 'was' is now 'is'", for the desk's conflict message.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string?> expected, IReadOnlyDictionary<string, string?> actual) =>
        [.. expected.Where(e => !string.Equals(e.Value ?? string.Empty, actual.GetValueOrDefault(e.Key) ?? string.Empty, StringComparison.Ordinal))
            .Select(e => $"{e.Key}: '{Short(e.Value)}' when proposed, now '{Short(actual.GetValueOrDefault(e.Key))}'")];

    /// <summary>Whether both hold the same text in every field (null and empty are the same).</summary>
    public static bool Same(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b) =>
        a.Keys.Union(b.Keys).All(k => string.Equals(a.GetValueOrDefault(k) ?? string.Empty, b.GetValueOrDefault(k) ?? string.Empty, StringComparison.Ordinal));

    private static string Short(string? text) => text is null ? string.Empty : text.Length > 60 ? text[..60] + "..." : text;
}
