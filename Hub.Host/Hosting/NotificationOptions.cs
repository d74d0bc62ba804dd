using IntegrationHub.Adapters.Notifications;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Notifications (section <c>Hub:Notifications</c>): the channels, which channel each audience uses, and the
/// limits that keep a storm of alarms from becoming a storm of messages.
/// </summary>
internal sealed record NotificationOptions
{
    /// <summary>The Handlebars templates folder, relative to the data folder unless absolute.</summary>
    /// <value>The default value is <c>notifications</c>.</value>
    public string TemplatesFolder { get; init; } = "notifications";

    /// <summary>Channel name to its settings (kind smtp, webhook, wecom, dingtalk, feishu, teams, slack).</summary>
    public Dictionary<string, ChannelSettings> Channels { get; init; } = [];

    /// <summary>Messages to the customer's contact (their e-mail address from the customer record).</summary>
    public AudienceOptions Customer { get; init; } = new();

    /// <summary>Messages to the service desk: new, escalated and resolved tickets.</summary>
    public AudienceOptions Desk { get; init; } = new();

    /// <summary>P0 alerts to the quality lead, sent at once.</summary>
    public AudienceOptions QualityLead { get; init; } = new();

    /// <summary>Events for CRM and ERP connectors (a customer put on hold and released), as generic webhooks.</summary>
    public AudienceOptions Events { get; init; } = new();

    /// <summary>
    /// Order milestones (shipped, delivered, late) to the account's sales owner, whose address is the customer record's
    /// <c>SalesOwnerEmail</c> (issue 23 item 2), and to <c>Recipients</c> (a sales team's shared mailbox, told of every
    /// account's milestones; none by default). Not held by quiet hours and not counted against the customer's limit:
    /// the sales owner is staff.
    /// </summary>
    public AudienceOptions Sales { get; init; } = new();

    /// <summary>Customer messages are held during these hours (site time zone) and sent when they end, e.g. 22:00-07:00.</summary>
    public string? QuietHours { get; init; }

    /// <summary>The time zone of <see cref="QuietHours"/>.</summary>
    /// <value>The default value is <c>Asia/Shanghai</c>.</value>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>At most this many messages to one customer per <see cref="CustomerWindow"/>; the rest are suppressed with the reason recorded.</summary>
    /// <value>The default value is 3.</value>
    public int CustomerLimit { get; init; } = 3;

    /// <summary>
    /// Whether service messages count against <see cref="CustomerLimit"/>: a resolved ticket's survey invitation, a
    /// preventive maintenance notice, and the order milestones the customer chose to be told of. When false they are
    /// sent whatever the alarm notices used (and do not use up the limit themselves), so three alarm mails in the hour
    /// do not keep the customer from the survey; quiet hours still hold them.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool CountServiceMessages { get; init; }

    /// <summary>
    /// The sliding window over which <see cref="CustomerLimit"/> counts one customer's messages sent or being sent;
    /// must be positive (checked at start), and <c>Hub:Retention:SentOutbox</c> must keep sent messages at least this long.
    /// </summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan CustomerWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Delivery attempts before a message is dead-lettered.</summary>
    /// <value>The default value is 8.</value>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The first retry delay; each later one doubles, with jitter, up to one hour.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node holds the outbox messages it claimed for sending (issue 18 item 3). A node that dies mid-send
    /// leaves its claims; another node takes those messages once this has passed. It must outlast the sending of one
    /// batch, or a slow node's messages are taken over while it still sends them (and may go out twice); a node does
    /// not start a message whose claim has already lapsed. Nodes' clocks must agree to well within it (NTP).
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan ClaimDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// On a graceful stop the outbox claims nothing more and lets the sends already under way finish for at most this
    /// long, recording each one it finishes, so a mail that was on the wire is not sent again by the next start. A send
    /// still running after it is abandoned and handed back: the next start sends it again (at least once, under the
    /// same Message-ID). 00:00:00 (abandon at once) to 00:01:00. The host's shutdown timeout is raised to cover it.
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Where one audience's messages go.</summary>
internal sealed record AudienceOptions
{
    /// <summary>The channel name (a key of <c>Hub:Notifications:Channels</c>); none means this audience gets no messages.</summary>
    public string? Channel { get; init; }

    /// <summary>E-mail addresses, for an SMTP channel (the customer's address comes from the customer record).</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>
    /// The language of this audience's messages: the hub renders <c>&lt;event&gt;.&lt;audience&gt;.&lt;language&gt;.hbs</c>
    /// from the templates folder, or the <c>.en.hbs</c> template when there is none in that language (a start with
    /// neither stops the hub). Not read for the customer audience, whose language is the customer record's (<c>en</c>
    /// when it has none).
    /// </summary>
    /// <value>The default value is <c>zh-CN</c> for the desk's and quality lead's messages.</value>
    public string Language { get; init; } = "zh-CN";
}
