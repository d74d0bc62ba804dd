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

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(10_000, 0)]
    [InlineData(-5, -1)]
    public void HistoryBackfillLimits_BelowOne_ErrorNamesBothSettings(int cap, int perRead)
    {
        var errors = new MesAdapterModule().Validate(new MesOptions
        {
            Enabled = true,
            EndpointUrl = "opc.tcp://mes01:4840",
            Machines = [new MachineNodes { AssetId = "EQ-1", Metrics = new Dictionary<string, MetricNode> { ["speed"] = new() { Node = "nsu=urn:x;s=Speed" } } }],
            MaxBackfillValuesPerNode = cap,
            HistoryValuesPerRead = perRead,
        });

        var error = Assert.Single(errors);
        Assert.StartsWith($"Hub:Mes:MaxBackfillValuesPerNode ({cap}) and Hub:Mes:HistoryValuesPerRead ({perRead}) must be 1 or more", error, StringComparison.Ordinal);
    }
}
