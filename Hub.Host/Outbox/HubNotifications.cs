using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// The notification templates and channels, loaded and checked together at start-up: a channel an audience names
/// but nobody configured, or an event without a template for an audience that has a channel, stops the hub with
/// every problem listed. Owns the channels: disposing it closes the mail connections they keep between messages.
/// </summary>
internal sealed class HubNotifications : IAsyncDisposable, IDisposable
{
    /// <summary>The events the rules stage raises, and the audiences each one reaches.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Events = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [NotificationEvents.TicketOpened] = [Audiences.Customer, Audiences.Desk],
        [NotificationEvents.TicketEscalated] = [Audiences.Desk],
        [NotificationEvents.TicketResolved] = [Audiences.Customer, Audiences.Desk],
        [NotificationEvents.P0Quality] = [Audiences.QualityLead],
        [NotificationEvents.CustomerHold] = [Audiences.Events],
        [NotificationEvents.CustomerHoldReleased] = [Audiences.Events],
        [NotificationEvents.SurveyInvitation] = [Audiences.Customer],
    };

    private readonly Dictionary<string, INotificationChannel> _channels;

    public HubNotifications(HubOptions options, IHttpClientFactory http, TimeProvider time, ILoggerFactory loggers)
    {
        var settings = options.Notifications;
        Folder = options.Resolve(settings.TemplatesFolder);
        var errors = new List<string>();
        var (channels, channelErrors) = NotificationChannelFactory.Create(
            settings.Channels, "Hub:Notifications:Channels", http.CreateClient("notifications"), time, loggers);
        errors.AddRange(channelErrors);
        _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        // CRM webhooks (issue 23 item 1) are outbox channels of their own, "crm:<name>"; Hub:Crm's validation has
        // checked their addresses and secrets before the hub gets here.
        var crmClient = http.CreateClient("crm-webhooks");
        foreach (var (name, webhook) in options.Crm.Webhooks)
        {
            var channel = new CrmWebhookChannel(name, new Uri(webhook.Url), CrmOptionsValidator.ReadSecret(options, webhook), webhook.Timeout, crmClient, time);
            _channels[channel.Name] = channel;
        }

        SendsCrmWebhooks = options.Crm.Webhooks.Count > 0;

        // Part requests to the ERP (issue 24 item 3): an export folder, checked by Hub:Parts' validation at start.
        if (Parts.PartsExportChannels.Create(options, loggers) is { } partsExport)
        {
            _channels[partsExport.Name] = partsExport;
        }

        // Approved customer changes to the ERP (issue 23 item 3): an export folder, checked by Hub:Customers' validation at start.
        if (Customers.SelfService.CustomerExportChannels.Create(options, loggers) is { } customersExport)
        {
            _channels[customersExport.Name] = customersExport;
        }

        var used = Audiences.All.Where(a => Audience(settings, a).Channel is { Length: > 0 }).ToList();
        foreach (var audience in used)
        {
            var channel = Audience(settings, audience).Channel!;
            if (!settings.Channels.ContainsKey(channel))
            {
                errors.Add($"Hub:Notifications:{ConfigKey(audience)}:Channel is '{channel}', but Hub:Notifications:Channels has no such channel (channels: {(settings.Channels.Count == 0 ? "none" : string.Join(", ", settings.Channels.Keys))}).");
            }
        }

        // The scheduled data-quality report (issue 21 item 4) is written by the hub, not from a template, and goes
        // through its own channel: the outbox sends while it is configured, whether or not an audience has a channel.
        SendsReport = options.Quality.Report.Schedule is { Length: > 0 } && options.Quality.Report.Channel is { Length: > 0 };
        if (used.Count > 0)
        {
            var loaded = NotificationTemplates.LoadDirectory(Folder, path => SettingsFile.ReadBytes(path));
            errors.AddRange(loaded.Errors);
            Templates = loaded.Templates;
            if (Templates is not null)
            {
                foreach (var (name, audiences) in Events)
                {
                    foreach (var audience in audiences.Where(used.Contains))
                    {
                        var language = audience == Audiences.Customer ? NotificationTemplates.FallbackLanguage : Audience(settings, audience).Language;
                        if (!Templates.Has(name, audience, language))
                        {
                            errors.Add($"{Folder}: no template for event '{name}' to audience '{audience}'; add {name}.{audience}.{language}.hbs (or .en.hbs).");
                        }
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new HubConfigurationException($"{errors.Count} problem(s) in the notification settings", errors);
        }
    }

    public string Folder { get; }

    /// <summary>The templates; null when no audience has a channel.</summary>
    public NotificationTemplates? Templates { get; }

    /// <summary>Whether the data-quality report is mailed on a schedule (<c>Hub:Quality:Report</c>).</summary>
    public bool SendsReport { get; }

    /// <summary>Whether anything is ever queued for sending: an audience has a channel, or the report is scheduled.</summary>
    public bool SendsAnything => Templates is not null || SendsReport || SendsCrmWebhooks || _channels.ContainsKey(Parts.PartRequestExport.ChannelName)
        || _channels.ContainsKey(Customers.SelfService.CustomerChangeExport.ChannelName);

    /// <summary>Whether CRM webhooks are configured (<c>Hub:Crm:Webhooks</c>).</summary>
    public bool SendsCrmWebhooks { get; }

    public INotificationChannel? Channel(string name) => _channels.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values.OfType<IAsyncDisposable>())
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values.OfType<IDisposable>())
        {
            channel.Dispose();
        }
    }

    public static string ConfigKey(string audience) => audience switch
    {
        Audiences.Customer => "Customer",
        Audiences.Desk => "Desk",
        Audiences.QualityLead => "QualityLead",
        Audiences.Sales => "Sales",
        _ => "Events",
    };

    public static AudienceOptions Audience(NotificationOptions options, string audience) => audience switch
    {
        Audiences.Customer => options.Customer,
        Audiences.Desk => options.Desk,
        Audiences.QualityLead => options.QualityLead,
        Audiences.Events => options.Events,
        Audiences.Sales => options.Sales,
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, "Unknown audience."),
    };
}
