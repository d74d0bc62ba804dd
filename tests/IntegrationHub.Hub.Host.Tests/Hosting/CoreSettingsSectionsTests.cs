using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Metrics;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 19 item 4: the core's sections are <c>IOptions&lt;T&gt;</c> validated at start by one
/// <c>IValidateOptions&lt;T&gt;</c> each, bound once (the instance <see cref="HubOptions"/> holds), and their problems
/// are reported with the adapter modules' all at once, by <c>hub run</c> and by the admin commands.
/// </summary>
public sealed class CoreSettingsSectionsTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection().AddLogging().AddHubCore(HubOptions.From(configuration), configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddHubCore_EachCoreSection_IsTheInstanceHubOptionsBound()
    {
        using var services = Services(("Hub:Store:SqlitePath", "other.db"), ("Hub:Leases:Duration", "00:00:09"));
        var hub = services.GetRequiredService<HubOptions>();

        Assert.Same(hub, services.GetRequiredService<IOptions<HubOptions>>().Value);
        Assert.Same(hub.Store, services.GetRequiredService<IOptions<StoreOptions>>().Value);
        Assert.Equal("other.db", services.GetRequiredService<IOptions<StoreOptions>>().Value.SqlitePath);
        Assert.Same(hub.Portal, services.GetRequiredService<IOptions<PortalOptions>>().Value);
        Assert.Same(hub.Desk, services.GetRequiredService<IOptions<DeskOptions>>().Value);
        Assert.Same(hub.Rules, services.GetRequiredService<IOptions<RulesOptions>>().Value);
        Assert.Same(hub.Notifications, services.GetRequiredService<IOptions<NotificationOptions>>().Value);
        Assert.Same(hub.Chat, services.GetRequiredService<IOptions<ChatOptions>>().Value);
        Assert.Same(hub.Web, services.GetRequiredService<IOptions<WebOptions>>().Value);
        Assert.Same(hub.Telemetry, services.GetRequiredService<IOptions<TelemetryOptions>>().Value);
        Assert.Same(hub.Retention, services.GetRequiredService<IOptions<RetentionOptions>>().Value);
        Assert.Same(hub.Leases, services.GetRequiredService<IOptions<LeaseOptions>>().Value);
        Assert.Equal(TimeSpan.FromSeconds(9), services.GetRequiredService<IOptions<LeaseOptions>>().Value.Duration);
        Assert.Same(hub.Metrics, services.GetRequiredService<IOptions<MetricsOptions>>().Value);
    }

    [Fact]
    public void AddHubCore_EachCoreSection_HasItsValidatorRegistered()
    {
        using var services = Services();

        Assert.IsType<StoreOptionsValidator>(Assert.Single(services.GetServices<IValidateOptions<StoreOptions>>()));
        Assert.IsType<RetentionOptionsValidator>(Assert.Single(services.GetServices<IValidateOptions<RetentionOptions>>()));
        Assert.IsType<MetricsOptionsValidator>(Assert.Single(services.GetServices<IValidateOptions<MetricsOptions>>()));
    }

    [Fact]
    public void ValidateSettings_BadCoreAndModuleSettings_EveryProblemAtOnce_CoreSectionsFirstInTheirOrder()
    {
        using var services = Services(
            ("Hub:Files:BatchSize", "0"), ("Hub:Leases:RenewInterval", "00:00:00"), ("Hub:Store:Provider", "oracle"), ("Hub:NodeId", " "));

        var ex = Assert.Throws<HubConfigurationException>(() => HubStartup.ValidateSettings(services));

        Assert.Collection(
            ex.Errors,
            e => Assert.StartsWith("Hub:NodeId is empty.", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Hub:Store:Provider is 'oracle'.", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Hub:Leases:RenewInterval is 00:00:00.", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Hub:Files:BatchSize is 0.", e, StringComparison.Ordinal));
    }

    [Fact]
    public void IOptions_ABadCoreSection_RefusedWhenRead_WithItsProblems()
    {
        using var services = Services(("Hub:Rules:BatchSize", "0"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RulesOptions>>().Value);

        Assert.StartsWith("Hub:Rules:BatchSize is 0. Use 1 to 10000", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ACrossSectionCheck_NamesBothSettings()
    {
        var options = new HubOptions
        {
            Notifications = new NotificationOptions { CustomerWindow = TimeSpan.FromHours(2) },
            Retention = new RetentionOptions { SentOutbox = TimeSpan.FromHours(1) },
        };

        var error = Assert.Single(HubOptionsValidator.Validate(options));

        Assert.StartsWith("Hub:Retention:SentOutbox is 01:00:00. Use a positive time of at least Hub:Notifications:CustomerWindow (02:00:00)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCommand_ABadCoreSetting_ExitsWithTheConfigurationCode_NamingTheSetting()
    {
        var (code, output, error) = await AdminCommand.RunAsync(["mappings", "check"], "--Hub:Desk:SessionDuration=00:00:30");

        Assert.True(code == HubCommandLine.ExitBadConfiguration, $"exit code {code}, {error}");
        Assert.Contains("Hub:Desk:SessionDuration is 00:00:30. Use 00:01:00 or more", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
