namespace IntegrationHub.Adapters.Notifications.Webhooks;

/// <summary>A webhook receiver: a chat robot or an HTTP endpoint of the site's own.</summary>
public sealed record WebhookSettings
{
    public required WebhookKind Kind { get; init; }

    /// <summary>The address to POST to, with the robot's access token when the vendor puts it there.</summary>
    public required Uri Url { get; init; }

    /// <summary>The signing secret of a DingTalk or Feishu robot whose security setting is "sign" (加签 / 签名校验).</summary>
    public string? Secret { get; init; }

    /// <summary>For <see cref="WebhookKind.Generic"/>: a header sent with each request, e.g. <c>Authorization</c>.</summary>
    public string? HeaderName { get; init; }

    public string? HeaderValue { get; init; }

    /// <value>The default value is 15 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
}
