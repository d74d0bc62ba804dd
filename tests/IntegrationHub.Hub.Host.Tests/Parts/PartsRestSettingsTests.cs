using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary>
/// <c>Hub:Parts:Export:Rest</c> checked at start: a folder and an endpoint together, an address that is not http(s) or
/// holds a password, a header name that would split the request, a missing credential variable and a credential with
/// a line break are refused together, each naming its setting; the credential's value never appears in a message.
/// </summary>
public sealed class PartsRestSettingsTests
{
    [Fact]
    public async Task Start_FolderAndFtpEndpoint_BadHeaderName_Refused_AllAtOnce()
    {
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "erp-in"));

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder,
            "--Hub:Parts:Export:Folder=erp-in", "--Hub:Parts:Export:Rest:Url=ftp://erp.test/parts",
            "--Hub:Parts:Export:Rest:AuthHeader=X-Key\r\nX-Injected: 1", "--Hub:Parts:Export:Rest:Timeout=00:00:00"));

        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Folder and Hub:Parts:Export:Rest:Url are both set", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Rest:Url is 'ftp://erp.test/parts'; give the ERP's endpoint as an absolute http:// or https:// address", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(@"Hub:Parts:Export:Rest:AuthHeader is 'X-Key\r\nX-Injected: 1', not a header name", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Rest:AuthEnvironmentVariable is not set", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Rest:Timeout (00:00:00) must be positive", StringComparison.Ordinal));
        Assert.Equal(5, ex.Errors.Count);
    }

    [Fact]
    public async Task Start_PasswordInUrl_UnsetVariable_Refused()
    {
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(
            "--Hub:Parts:Export:Rest:Url=https://buyer:s3cret@erp.test/parts", "--Hub:Parts:Export:Rest:AuthHeader=Authorization",
            "--Hub:Parts:Export:Rest:AuthEnvironmentVariable=HUB_TEST_ERP_NEVER_SET_" + Guid.NewGuid().ToString("N")));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Rest:Url has a user name or password in it", StringComparison.Ordinal) && !e.Contains("s3cret", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Rest:AuthEnvironmentVariable: the environment variable HUB_TEST_ERP_NEVER_SET_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_CredentialWithALineBreak_Refused_WithoutShowingIt()
    {
        var variable = "HUB_TEST_ERP_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "Bearer abc\r\nX-Injected: secret-part");
        try
        {
            var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(
                "--Hub:Parts:Export:Rest:Url=https://erp.test/parts", "--Hub:Parts:Export:Rest:AuthHeader=Authorization",
                $"--Hub:Parts:Export:Rest:AuthEnvironmentVariable={variable}"));

            var error = Assert.Single(ex.Errors);
            Assert.StartsWith($"Hub:Parts:Export:Rest:AuthEnvironmentVariable: the value of {variable} has a line break", error, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-part", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
