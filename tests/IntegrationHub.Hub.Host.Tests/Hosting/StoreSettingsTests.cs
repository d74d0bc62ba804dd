using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>Hub:Store settings (issue 17 item 2): the provider, and PostgreSQL's connection string.</summary>
public sealed class StoreSettingsTests
{
    [Fact]
    public void Validate_UnknownProvider_NamesTheAcceptedOnes()
    {
        var errors = HubOptionsValidator.Validate(new HubOptions { Store = new StoreOptions { Provider = "oracle" } });

        var error = Assert.Single(errors);
        Assert.StartsWith("Hub:Store:Provider is 'oracle'", error, StringComparison.Ordinal);
        Assert.Contains("'sqlite', 'postgresql'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_PostgreSqlWithoutConnectionString_NamesTheSettingAndTheEnvironmentVariable(string? connectionString)
    {
        var errors = HubOptionsValidator.Validate(new HubOptions { Store = new StoreOptions { Provider = "PostgreSQL", ConnectionString = connectionString } });

        var error = Assert.Single(errors);
        Assert.StartsWith("Hub:Store:ConnectionString is empty", error, StringComparison.Ordinal);
        Assert.Contains("Hub__Store__ConnectionString", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", null)]
    [InlineData("postgresql", "Host=db1;Database=hub;Username=hub;Password=x")]
    public void Validate_KnownProviderWithWhatItNeeds_NoError(string provider, string? connectionString)
    {
        Assert.Empty(HubOptionsValidator.Validate(new HubOptions { Store = new StoreOptions { Provider = provider, ConnectionString = connectionString } }));
    }
}
