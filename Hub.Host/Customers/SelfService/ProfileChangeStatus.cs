namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>The states of a <see cref="ProfileChange"/>; names are stored.</summary>
internal static class ProfileChangeStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
