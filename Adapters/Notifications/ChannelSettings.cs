using IntegrationHub.Adapters.Notifications.Smtp;

namespace IntegrationHub.Adapters.Notifications;

/// <summary>
/// One channel as configuration gives it (<c>Hub:Notifications:Channels:&lt;name&gt;</c>): the kind, then the
/// settings that kind reads. <see cref="NotificationChannelFactory"/> checks them.
/// </summary>
public sealed record ChannelSettings
{
    /// <summary><c>smtp</c>, <c>webhook</c>, <c>wecom</c>, <c>dingtalk</c>, <c>feishu</c>, <c>teams</c> or <c>slack</c>.</summary>
    public string? Kind { get; init; }

    // SMTP
    public string? Host { get; init; }

    public int? Port { get; init; }

    public SmtpTlsMode? Tls { get; init; }

    public string? CaFile { get; init; }

    public bool AllowUntrustedCertificate { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public string? From { get; init; }

    public string? FromName { get; init; }

    // Webhooks
    public string? Url { get; init; }

    public string? Secret { get; init; }

    public string? HeaderName { get; init; }

    public string? HeaderValue { get; init; }

    /// <value>The default value is 30 seconds for SMTP and 15 seconds for webhooks.</value>
    public TimeSpan? Timeout { get; init; }
}
