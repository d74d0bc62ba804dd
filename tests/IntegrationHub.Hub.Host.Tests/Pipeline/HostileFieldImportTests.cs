using System.Globalization;
using System.Text;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>
/// Issue 16 items 2 and 25 through the real file drop: an ERP customer export with an address built to break an SMTP
/// line, two addresses in one field and an over-long name. Each such row is a row error naming file, line and
/// column; every other row of the file is stored.
/// </summary>
public abstract class HostileFieldImportTests(TestStore testStore)
{
    public sealed class OnSqlite() : HostileFieldImportTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : HostileFieldImportTests(TestStore.PostgreSql);

    private const int GoodRows = 30;

    [Fact]
    public async Task Import_CustomersWithHostileEmailAndOverlongName_RejectsThoseRowsAndStoresTheRest()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var csv = new StringBuilder("CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt\n");
        for (var i = 1; i <= GoodRows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"C{i:000},Customer {i} Co. Ltd.,Standard,East,buyer{i}@customer{i}.example.cn,+86 512 6000 {i:0000},zh-CN,2025-10-01 08:00:00\n");
        }

        // Lines 32-34: the ESC survives CSV; the angle brackets would close RCPT TO:<...> early and open a second path.
        csv.Append("X001,Hostile Mail Ltd.,Standard,East,a@b.example\u001b[2J,,en,2025-10-01 08:00:00\n");
        csv.Append("X002,Two Paths Ltd.,Standard,East,\"a@b.example>,<evil@x.example\",,en,2025-10-01 08:00:00\n");
        csv.Append(CultureInfo.InvariantCulture, $"X003,{new string('N', 5000)},Standard,East,ok@x003.example.cn,,en,2025-10-01 08:00:00\n");

        await hub.DropAsync("customers.csv", csv.ToString());
        await hub.WaitForInboxEmptyAsync(TimeSpan.FromSeconds(120));

        var store = hub.Services.GetRequiredService<IHubStore>();
        var customers = await store.ListCustomersAsync(CancellationToken.None);
        Assert.Equal(GoodRows, customers.Count);
        Assert.DoesNotContain(customers, c => c.Code.StartsWith('X'));
        Assert.Equal("buyer7@customer7.example.cn", (await store.GetCustomerAsync("C007", CancellationToken.None))!.Email);

        var report = await File.ReadAllLinesAsync(Path.Combine(hub.DataFolder, "failed", "customers.csv.errors.csv"));
        Assert.Contains(report, l => l.StartsWith("customers.csv,32,Email,", StringComparison.Ordinal) && l.Contains("control character U+001B", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("customers.csv,33,Email,", StringComparison.Ordinal) && l.Contains("is not an e-mail address", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("customers.csv,34,Name,", StringComparison.Ordinal) && l.Contains("5000 characters long; the limit is 200", StringComparison.Ordinal));

        var letters = await store.ListDeadLettersAsync("erp-customers", includeReplayed: false, 10, CancellationToken.None);
        Assert.Equal(["customers.csv:32", "customers.csv:33", "customers.csv:34"], letters.Select(l => l.Reference).Order());
        Assert.Equal(GoodRows, (await store.CountEntitiesAsync(CancellationToken.None))[EntityKind.Customer]);
    }
}
