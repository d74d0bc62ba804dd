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
    /// <summary>SMTP: the host name or address of the site's mail relay. Required for an <c>smtp</c> channel.</summary>
    public string? Host { get; init; }

    /// <summary>SMTP: the relay's port, 1 to 65535 (checked at start).</summary>
    /// <value>The default value is 465 when <see cref="Tls"/> is <c>Implicit</c>, else 587 (submission with STARTTLS); 25 is usual for a local relay.</value>
    public int? Port { get; init; }

    /// <summary>
    /// SMTP: whether the connection is encrypted. <c>Implicit</c> speaks TLS from the first byte (port 465, as Tencent
    /// Exmail, Alibaba Mail, QQ and 163 Mail expect); <c>StartTls</c> upgrades with STARTTLS (port 587) and refuses to
    /// send to a relay that does not offer it (the message is dead-lettered at once, with the reason);
    /// <c>StartTlsWhenOffered</c> sends in the clear to such a relay; <c>None</c> never encrypts, for a relay on the same host.
    /// </summary>
    /// <value>The default value is <c>StartTls</c>.</value>
    public SmtpTlsMode? Tls { get; init; }

    /// <summary>
    /// SMTP: a PEM file of the CA that signed the relay's certificate, when it is not in the system's store (a site's own
    /// CA). A file that does not exist stops the hub at start.
    /// </summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// SMTP: accepts any relay certificate, even an expired one or one for another name. Only for a first set-up; each
    /// connection logs a warning that it is on (2200). Prefer <see cref="CaFile"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowUntrustedCertificate { get; init; }

    /// <summary>
    /// SMTP: the account the hub logs in with: AUTH XOAUTH2 when <see cref="AccessToken"/> or <see cref="AccessTokenFile"/>
    /// is set, else PLAIN or LOGIN with <see cref="Password"/>, whichever the relay offers; none sends without logging in.
    /// With a user name the password or an access token is required (checked at start).
    /// </summary>
    public string? UserName { get; init; }

    /// <summary>
    /// SMTP: the password of <see cref="UserName"/>; never logged. Set it through the environment
    /// (<c>Hub__Notifications__Channels__&lt;name&gt;__Password</c>), not in a settings file.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// SMTP: an OAuth2 access token (bearer) for <see cref="UserName"/>, sent with AUTH XOAUTH2 instead of a password
    /// (Microsoft 365, Gmail). The hub does not run the OAuth2 flow: the site obtains the token (see the mail page of the
    /// docs). Tokens expire within hours, so prefer <see cref="AccessTokenFile"/>; never logged. Set it through the
    /// environment (<c>Hub__Notifications__Channels__&lt;name&gt;__AccessToken</c>).
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>
    /// SMTP: a file holding the OAuth2 access token, read again for every new connection, so the site's job that
    /// refreshes the token can rewrite it without a restart. Wins over <see cref="AccessToken"/>; the file must exist at start.
    /// </summary>
    public string? AccessTokenFile { get; init; }

    /// <summary>
    /// SMTP: the sender address, in <c>From:</c> and <c>MAIL FROM</c>: a plain address such as
    /// <c>service@example.com</c> (required, checked at start; the display name goes in <see cref="FromName"/>).
    /// </summary>
    public string? From { get; init; }

    /// <summary>
    /// SMTP: the display name shown with <see cref="From"/>, Chinese or any other text, on one line and without <c>=?</c>
    /// (which mail readers would decode as an encoded word; checked at start).
    /// </summary>
    public string? FromName { get; init; }

    // Webhooks
    /// <summary>
    /// Webhooks and chat robots: the full http or https address to POST to, with the robot's access token where the
    /// vendor puts it there. Required for every kind but <c>smtp</c> (checked at start).
    /// </summary>
    public string? Url { get; init; }

    /// <summary>
    /// DingTalk and Feishu robots: the signing secret, when the robot's security setting is "sign" (加签 / 签名校验);
    /// each message is then signed with the current time. Ignored by the other kinds. Set it through the environment
    /// (<c>Hub__Notifications__Channels__&lt;name&gt;__Secret</c>).
    /// </summary>
    public string? Secret { get; init; }

    /// <summary>
    /// Webhooks: the name of a header sent with every request, e.g. <c>Authorization</c>, for a receiver that wants a
    /// key; sent with <see cref="HeaderValue"/> for any webhook kind. None sends no extra header.
    /// </summary>
    public string? HeaderName { get; init; }

    /// <summary>
    /// Webhooks: the value of <see cref="HeaderName"/>, e.g. <c>Bearer …</c>. It is a secret: set it through the
    /// environment (<c>Hub__Notifications__Channels__&lt;name&gt;__HeaderValue</c>).
    /// </summary>
    public string? HeaderValue { get; init; }

    /// <summary>
    /// How long one SMTP read or write (a command, its reply, a part of the message) or one webhook request may take before the attempt counts as failed and is retried
    /// later (<c>Hub:Notifications:RetryDelay</c>). Not range-checked.
    /// </summary>
    /// <value>The default value is 30 seconds for SMTP and 15 seconds for webhooks.</value>
    public TimeSpan? Timeout { get; init; }
}
