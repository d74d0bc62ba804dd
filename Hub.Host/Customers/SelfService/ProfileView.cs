using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// The portal's "My company" page (issue 23 item 3): the contacts and delivery addresses on record, the plans note, and
/// the account's changes, newest first, pending ones with their old and new values, decided ones with the decision.
/// </summary>
internal sealed record ProfileView(
    string CustomerCode, string Name, IReadOnlyList<ProfileContactView> Contacts, IReadOnlyList<DeliveryAddress> Addresses, string? Plans,
    IReadOnlyList<ProfileChange> Changes, int MaxPendingChanges);

/// <summary>A contact as the profile page lists it.</summary>
internal sealed record ProfileContactView(string Id, string Name, string? Phone, string? Email, string? Role)
{
    public static ProfileContactView Of(Contact contact) => new(contact.ContactId, contact.Name, contact.Phone, contact.Email, contact.Role);
}
