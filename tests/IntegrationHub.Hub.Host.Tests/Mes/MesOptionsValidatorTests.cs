using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Mes;

public sealed class MesOptionsValidatorTests
{
    [Fact]
    public void RefusedRetryDelay_NotPositive_ErrorNamesTheSetting()
    {
        var errors = new List<string>();
        MesOptionsValidator.Validate(errors, new MesOptions
        {
            Enabled = true,
            EndpointUrl = "opc.tcp://mes01:4840",
            Machines = [new Adapters.OpcUa.Mes.MachineNodes { AssetId = "EQ-1", Metrics = new Dictionary<string, Adapters.OpcUa.Mes.MetricNode> { ["speed"] = new() { Node = "nsu=urn:x;s=Speed" } } }],
            RefusedRetryDelay = TimeSpan.Zero,
        });

        Assert.Contains(errors, e => e.StartsWith("Hub:Mes:RefusedRetryDelay (00:00:00) must be positive", StringComparison.Ordinal));
    }
}
