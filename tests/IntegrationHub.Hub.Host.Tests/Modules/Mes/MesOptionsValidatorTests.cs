using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Hub.Host.Modules.Mes;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

public sealed class MesOptionsValidatorTests
{
    [Fact]
    public void RefusedRetryDelay_NotPositive_ErrorNamesTheSetting()
    {
        var errors = new MesAdapterModule().Validate(new MesOptions
        {
            Enabled = true,
            EndpointUrl = "opc.tcp://mes01:4840",
            Machines = [new MachineNodes { AssetId = "EQ-1", Metrics = new Dictionary<string, MetricNode> { ["speed"] = new() { Node = "nsu=urn:x;s=Speed" } } }],
            RefusedRetryDelay = TimeSpan.Zero,
        });

        Assert.Contains(errors, e => e.StartsWith("Hub:Mes:RefusedRetryDelay (00:00:00) must be positive", StringComparison.Ordinal));
    }
}
