namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>Who a notification is for; also the middle part of a template's file name.</summary>
internal static class Audiences
{
    public const string Customer = "customer";
    public const string Desk = "desk";
    public const string QualityLead = "quality";
    public const string Events = "events";

    /// <summary>The account's sales owner (issue 23 item 2): order milestones, to the address the customer record names.</summary>
    public const string Sales = "sales";

    /// <summary>IT, for the scheduled data-quality report (issue 21 item 4). Not in <see cref="All"/>: the hub writes that message itself, from no template.</summary>
    public const string It = "it";

    /// <summary>A CRM's webhook (issue 23 item 1). Not in <see cref="All"/>: its messages are the change feed's, from no template.</summary>
    public const string Crm = "crm";

    public static readonly IReadOnlyList<string> All = [Customer, Desk, QualityLead, Events, Sales];
}
