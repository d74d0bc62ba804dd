namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>The CRM outbound settings (section <c>Hub:Crm</c>, issue 23 item 1).</summary>
internal sealed record CrmOptions
{
    /// <summary>
    /// Webhooks to CRMs that are pushed to, by name (letters, digits, '-' and '_'): each gets the changes of its kinds,
    /// signed, through the outbox (retries, dead letters, replay), in commit order per entity. None by default.
    /// </summary>
    public Dictionary<string, CrmWebhookOptions> Webhooks { get; init; } = [];
}
