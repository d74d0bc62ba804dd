using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Modules;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Tests.Modules;

/// <summary>
/// Issue 19 item 5: the adapters are modules the host finds, each declaring its section, validation, mapping sources
/// and services; a bad setting of any of them stops <c>hub run</c> and the admin commands with its full path.
/// </summary>
public sealed class HubAdapterModulesTests
{
    [Fact]
    public void All_FindsTheFiveAdapters_WithTheirSectionsAndOptionTypes()
    {
        Assert.Equal(
            [
                ("files", "Hub:Files", "FileDropOptions"), ("mes", "Hub:Mes", "MesOptions"), ("mqtt", "Hub:Mqtt", "MqttOptions"),
                ("rest", "Hub:Rest", "RestOptions"), ("sql", "Hub:Sql", "SqlOptions"),
            ],
            HubAdapterModules.All.Select(m => (m.Name, m.Section, m.OptionsType.Name)));
    }

    [Fact]
    public void All_EveryModuleSection_InTheSettingsSections()
    {
        Assert.Equal(HubOptions.Section, HubSettingsSections.All[0].Path);
        Assert.Equal(
            HubAdapterModules.All.Select(m => (m.Section, m.OptionsType)),
            HubSettingsSections.All.Skip(1).Select(s => (s.Path, s.Type)));
    }

    [Fact]
    public void AddHubCore_EveryModulesOptions_BoundFromItsSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Hub:Files:BatchSize", "17"),
            new("Hub:Mqtt:Port", "8883"),
            new("Hub:Sql:PluginsFolder", "sql-plugins"),
            new("Hub:Rest:Sources:0:Name", "erp-api"),
            new("Hub:Rest:Sources:0:Url", "http://erp.local/api/orders"),
            new("Hub:Mes:EndpointUrl", "opc.tcp://mes01:4840"),
        ]).Build();
        using var services = new ServiceCollection().AddLogging().AddHubCore(HubOptions.From(configuration), configuration).BuildServiceProvider();

        Assert.Equal(17, services.GetRequiredService<IOptions<IntegrationHub.Adapters.Files.FileDropOptions>>().Value.BatchSize);
        Assert.Equal(8883, services.GetRequiredService<IOptions<Host.Modules.Mqtt.MqttOptions>>().Value.Port);
        Assert.Equal("sql-plugins", services.GetRequiredService<IOptions<IntegrationHub.Adapters.Sql.SqlOptions>>().Value.PluginsFolder);
        Assert.Equal("erp-api", Assert.Single(services.GetRequiredService<IOptions<IntegrationHub.Adapters.Rest.RestOptions>>().Value.Sources).Name);
        Assert.Equal("opc.tcp://mes01:4840", services.GetRequiredService<IOptions<Host.Modules.Mes.MesOptions>>().Value.EndpointUrl);
    }

    [Fact]
    public void HubOptions_NoPropertyOfAnyModulesSectionOrType_EachSectionBoundOnce()
    {
        // A module's section is bound to its own options type only: were it also a property of HubOptions, it would be
        // bound twice, and a new adapter would need one (issue 19 item 5).
        var properties = typeof(HubOptions).GetProperties();

        Assert.All(HubAdapterModules.All, module =>
        {
            Assert.DoesNotContain(properties, p => string.Equals($"{HubOptions.Section}:{p.Name}", module.Section, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(properties, p => p.PropertyType == module.OptionsType);
        });
    }

    // One bad setting per module, and the start of the message it must give: the module's section + the property name.
    public static TheoryData<string, string[], string> BadSettings => new()
    {
        { "files", ["--Hub:Files:BatchSize=0"], "Hub:Files:BatchSize is 0. Use 1 to 100000" },
        { "sql", ["--Hub:Sql:Sources:0:Name=erp-orders", "--Hub:Sql:Sources:0:Provider=sqlite", "--Hub:Sql:Sources:0:ConnectionString=Data Source=x.db", "--Hub:Sql:Sources:0:KeyColumn=id", "--Hub:Sql:Sources:0:WatermarkColumn=updated_at", "--Hub:Sql:Sources:0:Query=SELECT * FROM orders"], "Hub:Sql:Sources:0:Query has no @watermark parameter." },
        { "rest", ["--Hub:Rest:Sources:0:Name=erp-api-orders", "--Hub:Rest:Sources:0:Url=ftp://erp.local/orders"], "Hub:Rest:Sources:0:Url is 'ftp://erp.local/orders'. Use the collection's absolute http or https address" },
        { "mqtt", ["--Hub:Mqtt:Enabled=true", "--Hub:Mqtt:Port=0", "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry", "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry"], "Hub:Mqtt:Port is 0. Use 1 to 65535" },
        { "mes", ["--Hub:Mes:Enabled=true", "--Hub:Mes:EndpointUrl=http://mes01:4840", "--Hub:Mes:Machines:0:AssetId=EQ-1", "--Hub:Mes:Machines:0:Metrics:speed:Node=nsu=urn:x;s=Speed"], "Hub:Mes:EndpointUrl is 'http://mes01:4840'. Set the MES server's OPC UA endpoint" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Start_AModulesBadSetting_RefusedWithItsFullPath_TogetherWithTheCoresProblems(string module, string[] settings, string expected)
    {
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync([.. settings, "--Hub:Portal:DefaultPageSize=500"]));

        Assert.True(ex.Errors.Count == 2, $"{module}: {ex.Message}");
        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Portal:DefaultPageSize is 500", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task AdminCommand_AModulesBadSetting_ExitsWithTheConfigurationCode_NamingTheSetting(string module, string[] settings, string expected)
    {
        // A command that needs neither the adapters nor the store: it is refused for the settings alone.
        var (code, output, error) = await AdminCommand.RunAsync(["mappings", "check"], settings);

        Assert.True(code == HubCommandLine.ExitBadConfiguration, $"{module}: exit code {code}, {error}");
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Start_LogsTheModulesFound_WithTheirSections()
    {
        await using var hub = await TestHub.StartAsync();

        await hub.WaitForLogAsync(1820, "files (Hub:Files), mes (Hub:Mes), mqtt (Hub:Mqtt), rest (Hub:Rest), sql (Hub:Sql)");
    }

    [Fact]
    public async Task AdminCommand_ValidSettings_Runs()
    {
        var (code, _, error) = await AdminCommand.RunAsync(["mappings", "check"], "--Hub:Files:BatchSize=10");

        Assert.True(code == HubCommandLine.ExitOk, error);
    }
}
