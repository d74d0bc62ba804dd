using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Cli;

public abstract class CommandTests(TestStore testStore)
{
    public sealed class OnSqlite() : CommandTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : CommandTests(TestStore.PostgreSql);

    [Fact]
    public async Task MappingsTest_Sample_PrintsEachRowWithItsErrors()
    {
        var data = TestHub.NewDataFolder();
        try
        {
            var sample = Path.Combine(data, "sample.csv");
            await File.WriteAllTextAsync(sample, """
                OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt
                SO-1,1,FL-200,Flange,10,PCS,186.50,Open,2025-10-01 09:00:00
                SO-1,2,FL-200,Flange,lots,PCS,186.50,Q,2025-10-01 09:00:00

                """);
            using var output = new StringWriter();
            using var error = new StringWriter();

            var code = await IntegrationHub.Hub.Host.Cli.HubCommandLine.RunAsync(
                ["mappings", "test", Path.Combine(data, "mappings", "order-lines.yaml"), sample], output, error, CancellationToken.None);

            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(1, code);
            Assert.StartsWith("sample.csv:2  OK     SalesOrderLine SO-1|1", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("sample.csv:3  ERROR", lines[1], StringComparison.Ordinal);
            Assert.Contains("Qty", lines[1], StringComparison.Ordinal);
            Assert.Contains("Status", lines[1], StringComparison.Ordinal);
            Assert.Equal("2 rows: 1 mapped, 1 failed (erp-order-lines -> SalesOrderLine).", lines[^1]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task IssueToken_UnknownCustomer_RefusesWithReason()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        var (code, output, error) = await hub.RunCommandAsync("portal", "issue-token", "--customer", "C999");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("Customer 'C999' is not in the hub's data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTokens_ShowsIdsButNeverTokens()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var (_, token, issued) = await hub.RunCommandAsync("portal", "issue-token", "--customer", "C001");
        token = token.Trim();
        var tokenId = issued.Split(' ')[1];

        var (code, output, _) = await hub.RunCommandAsync("portal", "list-tokens");

        Assert.Equal(0, code);
        Assert.Contains(tokenId, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.Contains("C001", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappingsCheck_DemoMappings_AllValid()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        var (code, output, _) = await hub.RunCommandAsync("mappings", "check");

        Assert.Equal(0, code);
        var shipped = Directory.GetFiles(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "mappings"), "*.yaml").Length;
        Assert.Contains($"{shipped} mapping(s)", output, StringComparison.Ordinal);
    }
}
