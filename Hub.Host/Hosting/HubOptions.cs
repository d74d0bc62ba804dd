using IntegrationHub.Crm.Core.Quality;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The hub's settings, from the <c>Hub</c> section of appsettings.json, environment variables (<c>Hub__DataFolder</c>)
/// and the command line (<c>--Hub:DataFolder=/srv/hub</c>). Relative paths are relative to <see cref="DataFolder"/>.
/// </summary>
/// <remarks>
/// The core's settings only: each adapter's section (<c>Hub:Files</c>, <c>Hub:Mqtt</c>, ...) is its module's options
/// type, bound once as <c>IOptions&lt;T&gt;</c> (Hub.Host/Modules, issue 19 item 5); code outside a module that needs
/// one of its settings takes that <c>IOptions&lt;T&gt;</c>.
/// </remarks>
internal sealed record HubOptions
{
    public const string Section = "Hub";

    /// <summary>Where the database, the mappings and the file-drop folders live.</summary>
    /// <value>The default value is <c>data</c>, relative to the working directory.</value>
    public string DataFolder { get; init; } = "data";

    /// <summary>The folder of the mapping files (<c>*.yaml</c>), one per source.</summary>
    /// <value>The default value is <c>mappings</c> in the data folder.</value>
    public string MappingsFolder { get; init; } = "mappings";

    /// <summary>
    /// This hub node's name among the nodes sharing one store (issue 18): it marks the outbox messages this node has
    /// claimed and the work it holds a lease on, and is shown on <c>/health</c>. Each node of one store needs its own.
    /// </summary>
    /// <value>The default value is the machine name and the process id, e.g. <c>hub1-4242</c>: unique per running process,
    /// but new after each restart, so set it to keep a stable name in logs and on <c>/health</c>.</value>
    public string NodeId { get; init; } = DefaultNodeId;

    /// <summary>The value of <see cref="NodeId"/> when the setting is left out.</summary>
    public static string DefaultNodeId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The longest <see cref="NodeId"/> accepted; the stores keep it in a column of this size.</summary>
    public const int MaxNodeIdLength = 100;

    public StoreOptions Store { get; init; } = new();

    public PortalOptions Portal { get; init; } = new();

    /// <summary>The service desk's sessions.</summary>
    public DeskOptions Desk { get; init; } = new();

    public RulesOptions Rules { get; init; } = new();

    public NotificationOptions Notifications { get; init; } = new();

    public ChatOptions Chat { get; init; } = new();

    /// <summary>The web server behind reverse proxies: which of them the hub believes about the client's address.</summary>
    public WebOptions Web { get; init; } = new();

    /// <summary>How long telemetry history is kept: raw readings and their rollups (issue 17 item 6).</summary>
    public TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Retention of dead letters, sent outbox messages and processed files, and the retention service's pace.</summary>
    public RetentionOptions Retention { get; init; } = new();

    /// <summary>The leases of work that runs on exactly one node (issue 18 item 1).</summary>
    public LeaseOptions Leases { get; init; } = new();

    /// <summary>Where green ends and red begins in <c>hub quality report</c>, and the report mailed on a schedule (<c>Report</c>).</summary>
    public QualityThresholds Quality { get; init; } = new();

    /// <summary>The <c>/metrics</c> endpoint for Prometheus (issue 19 item 2); off by default.</summary>
    public IntegrationHub.Hub.Host.Metrics.MetricsOptions Metrics { get; init; } = new();

    /// <summary>Webhooks to CRMs that are pushed to (issue 23 item 1); a CRM that pulls uses the change feed and an API key instead.</summary>
    public IntegrationHub.Hub.Host.CrmOutbound.CrmOptions Crm { get; init; } = new();

    /// <summary>Spare parts requested by engineers on tickets, and the ERP's import folder they go to (issue 24 item 3).</summary>
    public IntegrationHub.Hub.Host.Parts.PartsOptions Parts { get; init; } = new();

    /// <summary>Customers' own data kept on the portal (contacts, delivery addresses, plans), approved by the desk, and the ERP's import folder for it (issue 23 item 3).</summary>
    public IntegrationHub.Hub.Host.Customers.SelfService.CustomersOptions Customers { get; init; } = new();

    /// <summary>The settings in <paramref name="configuration"/>, with defaults for what it leaves out.</summary>
    /// <exception cref="HubConfigurationException">A setting under <c>Hub:</c> that no option reads (issue 19 item 4).</exception>
    public static HubOptions From(IConfiguration configuration)
    {
        if (UnknownSettings.Find(configuration) is { Count: > 0 } unknown)
        {
            throw new HubConfigurationException("Settings the hub does not know (a typo leaves the default in force, so the hub refuses to start)", unknown);
        }

        return configuration.GetSection(Section).Get<HubOptions>() ?? new HubOptions();
    }

    /// <summary>A path from configuration, resolved against the data folder.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Path.GetFullPath(DataFolder), path));
}
