using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Modules;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Tickets;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using IntegrationHub.Hub.Host.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hub's parts.</summary>
internal static class HubServiceCollectionExtensions
{
    /// <summary>The core: settings, store, mappings, token service. Enough for the admin commands.</summary>
    /// <remarks>
    /// The core's sections and the adapter modules' settings are registered here as <c>IOptions&lt;T&gt;</c> validated at
    /// start, so that the admin commands refuse the same bad settings as <c>hub run</c> (issue 19 item 4).
    /// </remarks>
    public static IServiceCollection AddHubCore(this IServiceCollection services, HubOptions options, IConfiguration configuration)
    {
        services.AddSingleton(options);
        CoreSettingsSections.Register(services, options);
        foreach (var module in HubAdapterModules.All)
        {
            module.AddOptions(services, configuration);
        }

        services.TryAddSingleton(TimeProvider.System);
        // Hub:Store:Provider picks the store, one folder per database (issue 17 items 1 and 2); StoreOptionsValidator
        // refuses a provider it does not list before the store is first used.
        if (options.Store.IsPostgreSql)
        {
            services.AddPostgreSqlStore(options.Store);
        }
        else
        {
            services.AddSqliteStore(options.Resolve(options.Store.SqlitePath));
        }

        services.TryAddSingleton<HubMappings>();
        services.TryAddSingleton(sp => sp.GetRequiredService<HubMappings>().Catalog);
        services.TryAddSingleton<RecordMapper>();
        services.TryAddSingleton<ReadingAdmission>();
        services.TryAddSingleton<DeadLetterReplay>();
        services.TryAddSingleton<PortalTokens>();
        // The CRM change feed's keys, used by the server and by 'hub crm issue-key' (issue 23 item 1).
        services.TryAddSingleton<CrmApiKeys>();
        services.TryAddSingleton<CrmCursor>();
        return services;
    }

    /// <summary>
    /// The adapters that run in the server: every module of <see cref="HubAdapterModules"/> registers its own (the file
    /// drop always; the others as their settings ask).
    /// </summary>
    public static IServiceCollection AddHubAdapters(this IServiceCollection services, HubOptions options, IConfiguration configuration)
    {
        foreach (var module in HubAdapterModules.All)
        {
            module.AddServices(services, configuration, options);
        }

        return services;
    }

    /// <summary>
    /// The rules stage: alarm rules over the queued telemetry, tickets, the outbox dispatcher and the desk API. The
    /// store queues readings for it only when a rule file declares at least one rule.
    /// </summary>
    public static IServiceCollection AddHubRules(this IServiceCollection services)
    {
        services.TryAddSingleton<HubRules>();
        services.TryAddKeyedSingleton(RulesStageService.InputsSignal, new WorkSignal());
        services.TryAddKeyedSingleton(OutboxDispatcher.EnqueuedSignal, new WorkSignal());
        // Issue 20 item 1: the store hands watched readings to the rules in its own transaction, through this.
        services.TryAddSingleton<RulesAtIngest>();
        services.TryAddSingleton(sp =>
        {
            var rules = sp.GetRequiredService<HubRules>().Rules;
            return new StoreFeatures(
                QueueRuleInputs: rules.Count > 0,
                RuleInputsQueued: sp.GetRequiredKeyedService<WorkSignal>(RulesStageService.InputsSignal),
                Watches: (asset, metric) => rules.Any(r => r.Rule.Matches(asset, metric)),
                AtIngest: sp.GetRequiredService<RulesAtIngest>());
        });
        services.AddHttpClient("notifications");
        // CRM webhooks keep their own per-subscription timeout (Hub:Crm:Webhooks:<name>:Timeout), up to 5 minutes.
        services.AddHttpClient("crm-webhooks", client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<HubNotifications>();
        services.TryAddSingleton<NotificationPlanner>();
        services.TryAddSingleton<TicketWorkflow>();
        services.TryAddSingleton<IntegrationHub.Hub.Host.Parts.PartRequestWorkflow>();
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(IntegrationHub.Hub.Host.Parts.PartsAccess.AddPolicy);
        services.TryAddSingleton<TicketPathWarmUp>();
        services.TryAddSingleton<RulesStageService>();
        // Runs on every node: it leases its share of the partitions and the SLA escalation itself (issue 18 item 2).
        services.AddHostedService(sp => sp.GetRequiredService<RulesStageService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, RulesStageService>(sp => sp.GetRequiredService<RulesStageService>()));
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        // A graceful stop waits for the outbox's sends under way (Hub:Notifications:StopGrace): the host must wait as long.
        services.AddOptions<HostOptions>().Configure<HubOptions>(OutboxStopGrace.CoverShutdown);
        // CRM webhooks (issue 23 item 1): the change feed's changes queued in the outbox for each subscription.
        services.AddHostedService<CrmWebhookPump>();
        services.AddHubMilestones();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, OutboxDispatcher>(sp => sp.GetRequiredService<OutboxDispatcher>()));
        services.AddHubDesk();
        services.AddHubField();
        return services;
    }

    private const string PortalDefaultScheme = "Portal";

    /// <summary>The customer portal API: token authentication and rate limits.</summary>
    public static IServiceCollection AddHubPortal(this IServiceCollection services, HubOptions options)
    {
        var portal = options.Portal;
        services.AddMemoryCache();
        // The default scheme picks the portal's credential of the request, so that authentication, which runs before
        // the rate limiter, gives the per-token limit the token's id (issue 16 item 7).
        services.AddAuthentication(PortalDefaultScheme)
            .AddPolicyScheme(PortalDefaultScheme, "Portal token or page session", scheme => scheme.ForwardDefaultSelector = context =>
                !context.Request.Headers.ContainsKey("Authorization") && context.Request.Cookies.ContainsKey(PortalSession.CookieName)
                    ? PortalSession.Scheme
                    : PortalAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, PortalAuthenticationHandler>(
                PortalAuthenticationHandler.SchemeName, null)
            .AddPortalSession(portal);
        services.TryAddSingleton<RecentChecks>();
        services.AddSingleton<PortalSessions>();
        services.AddSingleton<PortalFailureThrottle>();
        // Session cookies must outlive a restart and be honoured by every node of one database: the keys that protect
        // them are kept in the store (issue 18 item 4); an older hub's keys/ folder is imported once.
        services.AddDataProtection().SetApplicationName("IntegrationHub");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
            keys.XmlRepository = new StoreXmlRepository(
                sp.GetRequiredService<IDataProtectionKeyStore>(), options.Resolve("keys"), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<StoreXmlRepository>>())));
        services.AddSingleton<PortalLiveStreams>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PortalEndpoints.AuthorizationPolicy, policy => policy
                .AddAuthenticationSchemes(PortalAuthenticationHandler.SchemeName, PortalSession.Scheme)
                .RequireClaim(PortalAuthenticationHandler.CustomerClaim));
        services.AddRateLimiter(limiter => PortalRateLimits.Configure(limiter, portal));
        return services;
    }
}
