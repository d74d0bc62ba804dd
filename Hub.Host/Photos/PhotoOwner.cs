namespace IntegrationHub.Hub.Host.Photos;

/// <summary>Who sent a photo: a portal customer (<c>customer</c>, the customer code) or a desk user (<c>desk</c>, the user
/// name). Kept with the photo's log lines; who may see a photo is decided by what it is attached to (a ticket).</summary>
internal sealed record PhotoOwner(string Kind, string Id)
{
    public static PhotoOwner Customer(string customerCode) => new("customer", customerCode);

    public static PhotoOwner DeskUser(string userName) => new("desk", userName);

    public override string ToString() => $"{Kind}:{Id}";
}
