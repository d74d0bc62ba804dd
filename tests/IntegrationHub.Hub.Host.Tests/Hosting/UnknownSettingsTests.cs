using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 19 item 4: a setting under <c>Hub:</c> that no option reads is refused at start with its full path and the
/// nearest known setting, instead of being ignored with the default left in force.
/// </summary>
public sealed class UnknownSettingsTests
{
    [Theory]
    [InlineData("Hub:Mqqt:Host", "Hub:Mqqt is not a setting of the hub: did you mean Hub:Mqtt?")]
    [InlineData("Hub:Store:Provder", "Hub:Store:Provder is not a setting of the hub: did you mean Hub:Store:Provider?")]
    [InlineData("Hub:Leases:Duraiton", "Hub:Leases:Duraiton is not a setting of the hub: did you mean Hub:Leases:Duration?")]
    [InlineData("Hub:Files:Inbox:Extra", "Hub:Files:Inbox:Extra: Hub:Files:Inbox is a single value, so it has no settings below it.")]
    [InlineData("Hub:Mqtt:Subscriptions:first:Topic", "Hub:Mqtt:Subscriptions:first: Hub:Mqtt:Subscriptions is a list; its entries are numbered")]
    [InlineData("Hub:Sql:Sources:0:ConectionString", "Hub:Sql:Sources:0:ConectionString is not a setting of the hub: did you mean Hub:Sql:Sources:0:ConnectionString?")]
    [InlineData("Hub:Zzzzzzzz", "Hub:Zzzzzzzz is not a setting of the hub; the settings under Hub are Chat, Crm, Customers, DataFolder,")]
    public void Find_UnknownKey_NamedWithItsPathAndTheNearestKnownOne(string key, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, "x")]).Build();

        var problem = Assert.Single(UnknownSettings.Find(configuration));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EveryKeyOfTheShippedSettingsAndCaseOrIndexVariants_NothingReported()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestHub.RepositoryRoot(), "Hub.Host", "appsettings.json"))
            .AddInMemoryCollection([
                new("hub:mqtt:host", "broker"),
                new("Hub:Mqtt:Subscriptions:0:Topic", "plant/+/+/telemetry"),
                new("Hub:Mqtt:Subscriptions:1:SharedGroup", "hub"),
                new("Hub:Sql:Sources:0:Name", "erp"),
                new("Hub:Web:TrustedProxies:0", "127.0.0.1"),
                new("Logging:LogLevel:Whatever", "Debug"),
                new("NotHub:Anything", "x"),
            ])
            .Build();

        Assert.Empty(UnknownSettings.Find(configuration));
    }

    [Fact]
    public async Task AdminCommand_WithATypo_ExitsWithTheConfigurationCode_AndSaysWhichKey()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await HubCommandLine.RunAsync(["mappings", "check", "--Hub:Mqqt:Host=broker", "--Hub:DataFolder=" + Path.GetTempPath()], output, error, CancellationToken.None);

        Assert.Equal(HubCommandLine.ExitBadConfiguration, code);
        Assert.Contains("Hub:Mqqt is not a setting of the hub: did you mean Hub:Mqtt?", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Hub_WithATypo_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync("--Hub:Portal:RequestsPerMinutePerTokn=5"));

        Assert.Contains("Hub:Portal:RequestsPerMinutePerTokn is not a setting of the hub: did you mean Hub:Portal:RequestsPerMinutePerToken?", error.Message, StringComparison.Ordinal);
    }
}
