namespace IntegrationHub.Crm.Core.Notifications;

/// <summary>A message to a customer or the service desk, before it is rendered for a channel.</summary>
public sealed record Notification
{
    /// <summary>Identifies the event that caused it, so that it is sent once per event.</summary>
    public required string EventKey { get; init; }

    public required NotificationAudience Audience { get; init; }

    public required string Recipient { get; init; }

    public required string Language { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
