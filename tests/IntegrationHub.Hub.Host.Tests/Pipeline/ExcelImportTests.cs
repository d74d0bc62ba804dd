using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Excel;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>An Excel customer list dropped into the inbox of a running hub, through the same path as a CSV export.</summary>
public abstract class ExcelImportTests(TestStore testStore)
{
    public sealed class OnSqlite() : ExcelImportTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : ExcelImportTests(TestStore.PostgreSql);

    [Fact]
    public async Task ExcelCustomerList_SheetChosenByName_StoredLikeACsvExport_BadRowReported()
    {
        var folder = TestHub.NewDataFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "mappings", "customers-excel.yaml"), """
            source: sales-customer-list
            target: Customer
            file: { match: "客户清单*.xlsx", sheet: 客户 }
            timeZone: Asia/Shanghai
            timestamp: { column: 更新日期, format: "yyyy-MM-dd" }
            fields:
              Code:  { column: 客户编码 }
              Name:  { column: 客户名称 }
              Tier:  { column: 等级, map: { 普通: Standard, 银牌: Silver, 金牌: Gold } }
            """);
        await using var hub = await TestHub.StartInAsync(testStore, folder);
        var path = Path.Combine(folder, "客户清单-2025.xlsx.part");
        XlsxBuilder.Write(path,
            ("说明", [["销售部客户清单"]]),
            ("客户", [
                ["客户编码", "客户名称", "等级", "更新日期"],
                ["C101", "无锡华达自动化设备有限公司", "金牌", new DateTime(2025, 10, 2)],
                ["C102", "宁波海天精工", "钻石", new DateTime(2025, 10, 3)],
                ["C103", "Acme Packaging GmbH", "普通", new DateTime(2025, 10, 4)],
            ]));
        File.Move(path, Path.Combine(hub.Inbox, "客户清单-2025.xlsx"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.EnumerateFiles(hub.Inbox).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(Path.Combine(folder, "processed", "客户清单-2025.xlsx")), $"The workbook was not processed. Hub log:\n{hub.Logs}");
        var customers = (await hub.Services.GetRequiredService<IHubStore>().ListEntitiesAsync(EntityKind.Customer, CancellationToken.None))
            .OfType<Customer>().ToDictionary(c => c.Code);

        Assert.Equal(CustomerTier.Gold, customers["C101"].Tier);
        Assert.Equal("Acme Packaging GmbH", customers["C103"].Name);
        Assert.False(customers.ContainsKey("C102"));
        var report = Assert.Single(Directory.GetFiles(Path.Combine(folder, "failed"), "*.errors.csv"));
        Assert.Contains("钻石", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
    }
}
