using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>
/// <c>Hub:Crm:Webhooks</c> checked at start (issue 23 item 1): a receiver's address must be http(s) without credentials,
/// its kinds known, its secret in a readable file of some length; every problem reported at once, naming the setting,
/// never quoting a password.
/// </summary>
public sealed class CrmOptionsValidatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crm-options-").FullName;

    [Theory]
    [InlineData("ftp://crm.example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("crm.example.com/hook")]
    [InlineData("http://crm\u0001.example.com/\u001b[31m")]
    public void Url_NotHttp_RefusedNamingTheSetting(string url)
    {
        var problems = Problems(new CrmWebhookOptions { Url = url, Kinds = ["SalesOrder"], SecretFile = Secret("s", 32) });

        var problem = Assert.Single(problems);
        Assert.StartsWith("Hub:Crm:Webhooks:erp-crm:Url is '", problem, StringComparison.Ordinal);
        Assert.Contains("Use an http:// or https:// address", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', problem);
        Assert.DoesNotContain('\u0001', problem);
    }

    [Fact]
    public void Url_WithCredentials_RefusedWithoutQuotingThePassword()
    {
        var problems = Problems(new CrmWebhookOptions { Url = "https://hub:S3cret-Pa55@crm.example.com/hook", Kinds = ["SalesOrder"], SecretFile = Secret("s", 32) });

        var problem = Assert.Single(problems);
        Assert.Contains("Hub:Crm:Webhooks:erp-crm:Url holds a user name or password", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cret-Pa55", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EverythingWrong_EveryProblemReportedAtOnce()
    {
        var crm = new CrmOptions
        {
            Webhooks = new()
            {
                ["bad name\n"] = new CrmWebhookOptions { Url = "https://crm.example.com/a", Kinds = ["SalesOrder"], SecretFile = Secret("a", 32) },
                ["short"] = new CrmWebhookOptions { Url = "https://crm.example.com/b", Kinds = ["Invoice", "OrderProgress"], SecretFile = Secret("b", 8), Timeout = TimeSpan.FromHours(1) },
                ["missing"] = new CrmWebhookOptions { Url = "https://crm.example.com/c", Kinds = [], SecretFile = "nowhere.secret" },
                ["unset"] = new CrmWebhookOptions { Url = "https://crm.example.com/d", Kinds = ["Shipment"] },
            },
        };

        var problems = new CrmOptionsValidator(Hub()).Problems(crm);

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.Contains("the name 'bad name\\u000a' must be 1 to 40 letters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hub:Crm:Webhooks:short:Kinds names 'Invoice', 'OrderProgress'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hub:Crm:Webhooks:short:Timeout is 01:00:00", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hub:Crm:Webhooks:short:SecretFile: ", StringComparison.Ordinal) && p.Contains("holds 8 bytes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hub:Crm:Webhooks:missing:Kinds is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("nowhere.secret is missing, empty or unreadable", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hub:Crm:Webhooks:unset:SecretFile is empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminCommand_BadWebhookSettings_StopsWithExitCode2AndTheProblem()
    {
        var (code, _, error) = await AdminCommand.RunAsync(["crm", "list-keys"],
            "--Hub:Crm:Webhooks:x:Url=gopher://crm.example.com", "--Hub:Crm:Webhooks:x:Kinds:0=SalesOrder", $"--Hub:Crm:Webhooks:x:SecretFile={Secret("x", 32)}");

        Assert.Equal(2, code);
        Assert.Contains("Hub:Crm:Webhooks:x:Url is 'gopher://crm.example.com'", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private HubOptions Hub() => new() { DataFolder = _folder };

    private IReadOnlyList<string> Problems(CrmWebhookOptions webhook) =>
        new CrmOptionsValidator(Hub()).Problems(new CrmOptions { Webhooks = new() { ["erp-crm"] = webhook } });

    private string Secret(string name, int bytes)
    {
        var path = Path.Combine(_folder, name + ".secret");
        File.WriteAllText(path, new string('k', bytes));
        return path;
    }
}
