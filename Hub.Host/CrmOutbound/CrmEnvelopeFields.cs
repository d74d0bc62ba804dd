namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The property names of the change feed's page and of a webhook's message (issue 23 item 1): the writers
/// (<see cref="CrmFeedEndpoints"/>, <see cref="CrmWebhookPump"/>) and the OpenAPI document (<see cref="CrmOpenApiDocument"/>)
/// take them from here, so the document cannot name a field the hub does not write.
/// </summary>
internal static class CrmEnvelopeFields
{
    public const string Changes = "changes";
    public const string Next = "next";
    public const string More = "more";
    public const string Position = "position";
    public const string Kind = "kind";
    public const string Key = "key";
    public const string OrderNo = "orderNo";
    public const string Entity = "entity";
    public const string Id = "id";
    public const string Subscription = "subscription";
}
