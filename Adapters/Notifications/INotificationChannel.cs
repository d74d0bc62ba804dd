namespace IntegrationHub.Adapters.Notifications;

/// <summary>One configured way out: an SMTP relay or a chat robot's webhook.</summary>
public interface INotificationChannel
{
    /// <summary>The name given in configuration, which rules and the outbox refer to.</summary>
    string Name { get; }

    /// <summary>The channel's kind: <c>smtp</c>, <c>webhook</c>, <c>wecom</c>, <c>dingtalk</c>, <c>feishu</c>, <c>teams</c>, <c>slack</c>.</summary>
    string Kind { get; }

    /// <summary>Delivers <paramref name="message"/> once; never throws for a delivery failure.</summary>
    Task<DeliveryResult> SendAsync(RenderedMessage message, CancellationToken cancellationToken);
}
