namespace IntegrationHub.Hub.Host.Photos;

/// <summary>Who sent a photo: a portal customer (<c>customer</c>, the customer code), a desk user (<c>desk</c>, the user
/// name) or an engineer with a service report (<c>engineer</c>, the roster id and the ticket). Kept with the photo's log lines; who may see a photo is decided by what it is attached to (a ticket).</summary>
internal sealed record PhotoOwner(string Kind, string Id)
{
    public static PhotoOwner Customer(string customerCode) => new("customer", customerCode);

    public static PhotoOwner DeskUser(string userName) => new("desk", userName);

    public static PhotoOwner Engineer(string engineerId, string ticketNo) => new("engineer", $"{engineerId} on {ticketNo}");

    public override string ToString() => $"{Kind}:{Id}";
}
