using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Metrics;
using IntegrationHub.Hub.Host.Quality;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The sections of the core's settings, each bound once by <see cref="HubOptions"/> and offered as
/// <c>IOptions&lt;T&gt;</c> with its <see cref="HubSettingsValidator{TOptions}"/> run at start (issue 19 item 4); the
/// adapter modules' sections are theirs (Hub.Host/Modules).
/// </summary>
internal static class CoreSettingsSections
{
    /// <summary>The sections of <paramref name="hub"/>, in the order their problems are reported.</summary>
    public static IReadOnlyList<ICoreSettingsSection> Of(HubOptions hub) =>
    [
        new CoreSettingsSection<HubOptions>(hub, new HubRootOptionsValidator()),
        new CoreSettingsSection<StoreOptions>(hub.Store, new StoreOptionsValidator()),
        new CoreSettingsSection<PortalOptions>(hub.Portal, new PortalOptionsValidator()),
        new CoreSettingsSection<DeskOptions>(hub.Desk, new DeskOptionsValidator()),
        new CoreSettingsSection<RulesOptions>(hub.Rules, new RulesOptionsValidator()),
        new CoreSettingsSection<NotificationOptions>(hub.Notifications, new NotificationOptionsValidator()),
        new CoreSettingsSection<ChatOptions>(hub.Chat, new ChatOptionsValidator()),
        new CoreSettingsSection<WebOptions>(hub.Web, new WebOptionsValidator()),
        new CoreSettingsSection<TelemetryOptions>(hub.Telemetry, new TelemetryOptionsValidator()),
        // Sent messages are kept at least as long as the customer limit's window counts them: a check across sections.
        new CoreSettingsSection<RetentionOptions>(hub.Retention, new RetentionOptionsValidator(hub.Notifications)),
        new CoreSettingsSection<LeaseOptions>(hub.Leases, new LeaseOptionsValidator()),
        new CoreSettingsSection<MetricsOptions>(hub.Metrics, new MetricsOptionsValidator()),
        // A webhook's secret file is found relative to the data folder: a check across sections.
        new CoreSettingsSection<CrmOptions>(hub.Crm, new CrmOptionsValidator(hub)),
        // The parts' export folder is found relative to the data folder: a check across sections (issue 24 item 3).
        new CoreSettingsSection<IntegrationHub.Hub.Host.Parts.PartsOptions>(hub.Parts, new IntegrationHub.Hub.Host.Parts.PartsOptionsValidator(hub)),
        // The customers' export folder is found relative to the data folder: a check across sections (issue 23 item 3).
        new CoreSettingsSection<IntegrationHub.Hub.Host.Customers.SelfService.CustomersOptions>(hub.Customers, new IntegrationHub.Hub.Host.Customers.SelfService.CustomersOptionsValidator(hub)),
        // The scheduled report's channel must be one of Hub:Notifications:Channels: a check across sections.
        new CoreSettingsSection<QualityThresholds>(hub.Quality, new QualityOptionsValidator(hub.Notifications)),
    ];

    /// <summary>Registers every section of <paramref name="hub"/> (before the modules', so its problems are listed first).</summary>
    public static void Register(IServiceCollection services, HubOptions hub)
    {
        foreach (var section in Of(hub))
        {
            section.Register(services);
        }
    }
}
