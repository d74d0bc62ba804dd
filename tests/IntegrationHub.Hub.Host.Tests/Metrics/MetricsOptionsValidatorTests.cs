using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Metrics;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>Bad <c>Hub:Metrics</c> settings are refused at start, each naming the setting and never the token (issue 19 item 2).</summary>
public class MetricsOptionsValidatorTests
{
    [Fact]
    public void Validate_Disabled_NoErrorsWhateverTheToken()
    {
        Assert.Empty(HubOptionsValidator.Validate(new HubOptions { Metrics = new MetricsOptions { Token = "short" } }));
        Assert.Empty(HubOptionsValidator.Validate(new HubOptions()));
    }

    [Fact]
    public void Validate_EnabledWithGoodToken_NoErrors()
    {
        Assert.Empty(HubOptionsValidator.Validate(new HubOptions { Metrics = new MetricsOptions { Enabled = true, Token = ScrapedMetrics.Token } }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EnabledWithoutToken_NamesTheSettingAndHowToSetIt(string? token)
    {
        var error = Assert.Single(HubOptionsValidator.Validate(new HubOptions { Metrics = new MetricsOptions { Enabled = true, Token = token } }));

        Assert.StartsWith("Hub:Metrics:Token is not set", error, StringComparison.Ordinal);
        Assert.Contains("Hub__Metrics__Token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortToken_RefusedWithoutRepeatingIt()
    {
        const string token = "s3cret-but-short";

        var error = Assert.Single(HubOptionsValidator.Validate(new HubOptions { Metrics = new MetricsOptions { Enabled = true, Token = token } }));

        Assert.StartsWith($"Hub:Metrics:Token has {token.Length} characters. Use 32 to 512", error, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenWithSpaceOrControlCharacter_RefusedWithoutRepeatingIt()
    {
        var token = "metrics token with spaces and a bell\a 0123456789";

        var error = Assert.Single(HubOptionsValidator.Validate(new HubOptions { Metrics = new MetricsOptions { Enabled = true, Token = token } }));

        Assert.StartsWith("Hub:Metrics:Token holds 8 character(s) that are not visible ASCII", error, StringComparison.Ordinal);
        Assert.DoesNotContain("with spaces and a bell", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EnabledWithoutToken_RefusedNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync("--Hub:Metrics:Enabled=true"));

        Assert.Single(ex.Errors, e => e.StartsWith("Hub:Metrics:Token is not set", StringComparison.Ordinal));
    }
}
