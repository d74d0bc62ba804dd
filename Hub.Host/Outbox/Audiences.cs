namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>Who a notification is for; also the middle part of a template's file name.</summary>
internal static class Audiences
{
    public const string Customer = "customer";
    public const string Desk = "desk";
    public const string QualityLead = "quality";
    public const string Events = "events";

    public static readonly IReadOnlyList<string> All = [Customer, Desk, QualityLead, Events];
}
