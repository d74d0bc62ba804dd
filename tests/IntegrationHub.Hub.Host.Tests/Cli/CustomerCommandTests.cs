using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Cli;

public abstract class CustomerCommandTests(TestStore testStore)
{
    public sealed class OnSqlite() : CustomerCommandTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : CustomerCommandTests(TestStore.PostgreSql);

    [Fact]
    public async Task Duplicates_ProposesTheMergeWithItsReasons_AndMergesNothing()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var stamp = new SourceStamp("erp", DateTimeOffset.UnixEpoch.AddYears(56));
        var store = hub.Services.GetRequiredService<IHubStore>();
        await store.ApplyAsync(
        [
            new CanonicalChange(new Customer { Code = "C001", Name = "苏州精工机械有限公司", Phone = "0512-65234567", Email = "buyer@szjg.example.cn" }, stamp),
            new CanonicalChange(new Customer { Code = "XL-17", Name = "苏州精工机械有限责任公司", Phone = "+86 512 6523 4567", Notes = "只收承兑汇票" }, stamp),
            new CanonicalChange(new Customer { Code = "C002", Name = "Acme Packaging GmbH" }, stamp),
        ], [], CancellationToken.None);

        var (code, output, error) = await hub.RunCommandAsync("customers", "duplicates");

        Assert.True(code == 0, error);
        Assert.Contains("1.00  keep C001 苏州精工机械有限公司  <-  XL-17 苏州精工机械有限责任公司", output, StringComparison.Ordinal);
        Assert.Contains("same phone +86 512 65234567", output, StringComparison.Ordinal);
        Assert.Contains("note to keep: XL-17: 只收承兑汇票", output, StringComparison.Ordinal);
        Assert.Contains("1 merge proposal(s) among 3 customers", output, StringComparison.Ordinal);
        Assert.Equal(3, (await store.ListCustomersAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task QualityReport_RatesTheStoreAndExportsCsv()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var stamp = new SourceStamp("erp", DateTimeOffset.UnixEpoch.AddYears(56));
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
        [
            new CanonicalChange(new Customer { Code = "C001", Name = "苏州精工机械有限公司", Email = "buyer@szjg.example.cn", Phone = "0512-65234567", Region = "华东" }, stamp),
            new CanonicalChange(new Customer { Code = "C002", Name = "Acme Packaging GmbH", Email = "ops@acme", Region = "EU" }, stamp),
            new CanonicalChange(new Crm.Core.Orders.SalesOrder { OrderNo = "SO-9", CustomerCode = "C777", OrderDate = stamp.Timestamp }, stamp),
        ], [], CancellationToken.None);
        var csv = Path.Combine(hub.DataFolder, "quality.csv");

        var (code, output, _) = await hub.RunCommandAsync("quality", "report", "--csv", csv);

        Assert.Equal(1, code);
        Assert.Contains("RED    orders.unknown-customer", output, StringComparison.Ordinal);
        Assert.Contains("1 of 1: orders whose customer code is not in the customer master", output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("metric,value,unit,rating,detail", lines[0]);
        Assert.Contains("customers.email.invalid,0.5,share,Red,\"1 of 2 e-mail addresses that are not name@domain.tld or whose domain is probably a misspelt provider\"", lines);
    }
}
