using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>Hub:NodeId (issue 18): the name a node writes into its outbox claims and leases.</summary>
public sealed class NodeIdSettingsTests
{
    [Fact]
    public void NodeId_LeftOut_IsMachineNameAndProcessId()
    {
        var options = HubOptions.From(new ConfigurationBuilder().AddInMemoryCollection([]).Build());

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", options.NodeId);
        Assert.Empty(HubOptionsValidator.Validate(options));
    }

    [Fact]
    public void NodeId_FromConfiguration_IsUsed()
    {
        var options = HubOptions.From(new ConfigurationBuilder().AddInMemoryCollection([new("Hub:NodeId", "hub2")]).Build());

        Assert.Equal("hub2", options.NodeId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hub\n1")]
    [InlineData(" hub1")]
    public void Validate_BadNodeId_NamesTheSettingWithoutEchoingIt(string nodeId)
    {
        var errors = HubOptionsValidator.Validate(new HubOptions { NodeId = nodeId });

        var error = Assert.Single(errors);
        Assert.StartsWith("Hub:NodeId is ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Validate_NodeIdOverTheColumnSize_IsRefused()
    {
        var errors = HubOptionsValidator.Validate(new HubOptions { NodeId = new string('n', HubOptions.MaxNodeIdLength + 1) });

        Assert.Contains(errors, e => e.StartsWith("Hub:NodeId is 101 characters", StringComparison.Ordinal));
    }
}
