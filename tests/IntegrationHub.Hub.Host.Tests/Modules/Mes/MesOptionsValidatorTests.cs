using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Hub.Host.Modules.Mes;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

public sealed class MesOptionsValidatorTests
{
    [Fact]
    public void RefusedRetryDelay_NotPositive_ErrorNamesTheSetting()
    {
        var errors = new MesAdapterModule().Validate(Enabled() with { RefusedRetryDelay = TimeSpan.Zero });

        Assert.Contains(errors, e => e.StartsWith("Hub:Mes:RefusedRetryDelay (00:00:00) must be positive", StringComparison.Ordinal));
    }

    private static MesOptions Enabled() => new()
    {
        Enabled = true,
        EndpointUrl = "opc.tcp://mes01:4840",
        Machines = [new MachineNodes { AssetId = "EQ-1", Metrics = new Dictionary<string, MetricNode> { ["speed"] = new() { Node = "nsu=urn:x;s=Speed" } } }],
    };

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(10_000, 0)]
    [InlineData(-5, -1)]
    public void HistoryBackfillLimits_BelowOne_ErrorNamesBothSettings(int cap, int perRead)
    {
        var errors = new MesAdapterModule().Validate(Enabled() with { MaxBackfillValuesPerNode = cap, HistoryValuesPerRead = perRead });

        var error = Assert.Single(errors);
        Assert.StartsWith($"Hub:Mes:MaxBackfillValuesPerNode ({cap}) and Hub:Mes:HistoryValuesPerRead ({perRead}) must be 1 or more", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Best", "Best")]
    [InlineData("best", "SignAndEncrypt")]
    [InlineData("Aes128_Sha256_RsaOaep", "Sign")]
    [InlineData("aes256_sha256_rsapss", "Best")]
    [InlineData("Basic256Sha256", "SignAndEncrypt")]
    public void SecurityPolicy_BestOrAnImplementedName_Accepted(string policy, string mode)
    {
        Assert.Empty(new MesAdapterModule().Validate(Enabled() with { SecurityPolicy = policy, SecurityMode = mode }));
    }

    [Theory]
    [InlineData("Basic128Rsa15")]
    [InlineData("http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss")]
    [InlineData("")]
    [InlineData("Aes128_Sha256_RsaOaep\nforged")]
    public void SecurityPolicy_Unknown_ErrorNamesTheSettingAndTheChoices(string policy)
    {
        var errors = new MesAdapterModule().Validate(Enabled() with { SecurityPolicy = policy });

        var error = Assert.Single(errors);
        Assert.StartsWith("Hub:Mes:SecurityPolicy is '", error, StringComparison.Ordinal);
        Assert.Contains("Aes256_Sha256_RsaPss, Basic256Sha256, Aes128_Sha256_RsaOaep", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void SecurityPolicy_PinnedWithModeNone_ErrorNamesBoth()
    {
        var error = Assert.Single(new MesAdapterModule().Validate(Enabled() with { SecurityPolicy = "Basic256Sha256", SecurityMode = "None" }));
        Assert.Contains("Hub:Mes:SecurityPolicy", error, StringComparison.Ordinal);
        Assert.Contains("Hub:Mes:SecurityMode", error, StringComparison.Ordinal);
    }
}
