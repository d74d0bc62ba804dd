using IntegrationHub.Hub.Host.Chat;
using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Customers.SelfService;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Health;
using IntegrationHub.Hub.Host.Hosting.Service;
using IntegrationHub.Hub.Host.Metrics;
using IntegrationHub.Hub.Host.Parts;
using IntegrationHub.Hub.Host.Milestones;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Portal.ServiceRequests;
using IntegrationHub.Hub.Host.Surveys;
using IntegrationHub.Hub.Host.Web;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Builds the hub's web application: the server that <c>hub run</c> starts and the tests boot.</summary>
internal static class HubApplication
{
    /// <summary>The address the hub listens on when configuration names none: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // A systemd (Type=notify, watchdog) or Windows service when started as one; a no-op otherwise.
        builder.AddHubServiceHosts();

        var options = HubOptions.From(builder.Configuration);
        builder.Services.AddHubCore(options, builder.Configuration).AddHubAdapters(options, builder.Configuration).AddHubPortal(options).AddHubRules().AddHubRetention().AddHubMetrics()
            .AddHubQualityReport(options).AddServiceRequests(options).AddHubMaintenance();
        builder.Services.AddHubSurveys();
        builder.Services.AddCustomerSelfService();
        configure?.Invoke(builder);

        var app = builder.Build();
        // First: everything after it, the per-address limits included, sees the client behind a trusted proxy.
        app.UseTrustedProxyHeaders(options.Web);
        // Before authentication: the scraper's token is not a portal token (Metrics/MetricsEndpoint.cs).
        app.UseHubMetrics(options.Metrics);
        app.UsePageSecurityHeaders();
        // Authentication first: the portal's per-token limit is keyed on the authenticated token's id (issue 16 item 7).
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHubHealth();
        app.MapPortalApi();
        app.MapServiceRequests();
        app.MapMilestones();
        app.MapCrmApi();
        app.MapPortalSession();
        app.MapEmbeddedPages();
        app.MapChatRobot();
        app.MapDeskApi();
        app.MapPartsApi();
        app.MapSurveyEndpoints();
        app.MapCustomerSelfService();
        app.MapCustomerChangeDesk();
        app.MapFieldApi();
        return app;
    }
}
