using System.Text;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>
/// Issue 23 items 5 and 6 through the real file drop: a Kingdee-style flat sales export in GBK (one row per order line,
/// the header columns repeated) becomes orders and their lines; a row is stored whole or rejected whole, a header that
/// changes within the file is a conflict, and the error report shows each rejected row as the export held it.
/// </summary>
public abstract class FlatExportImportTests(TestStore testStore)
{
    public sealed class OnSqlite() : FlatExportImportTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : FlatExportImportTests(TestStore.PostgreSql);

    private const string Mapping = """
        source: kingdee-sales
        description: Kingdee K/3 sales order list, one row per order line
        file: { match: "销售订单*.csv", encoding: gb18030 }
        timeZone: Asia/Shanghai
        targets:
          - target: SalesOrder
            fields:
              OrderNo:      { column: 单据编号 }
              OrderDate:    { column: 日期, format: "yyyy-MM-dd" }
              CustomerCode: { column: 购货单位 }
          - target: SalesOrderLine
            fields:
              OrderNo:     { column: 单据编号 }
              LineNo:      { column: 行号 }
              ItemCode:    { column: 物料代码 }
              Description: { column: 物料名称 }
              Quantity:    { column: 数量 }
              UnitPrice:   { column: 单价 }
        """;

    // Line numbers of the file are in the comments; line 1 is the header.
    private static readonly string[] Rows =
    [
        "单据编号,日期,购货单位,行号,物料代码,物料名称,数量,单价",
        "SEORD000101,2025-10-20,C-0042,1,M-100,深沟球轴承,10,12.5",          // 2
        "SEORD000101,2025-10-20,C-0042,2,M-200,齿轮,5,30",                   // 3: header repeated, line stored
        "SEORD000102,2025-10-21,C-0043,1,M-100,深沟球轴承,3,12.5",           // 4
        "SEORD000102,2025-10-21,C-0043,2,M-300,联轴器,十,8",                  // 5: line bad, header fine: rejected whole
        "SEORD000103,2025-10-22,C-0044,1,M-100,深沟球轴承,壹,12.5",          // 6: its only row is bad: no order either
        "SEORD000101,2025-10-20,C-9999,3,M-400,电机,1,900",                  // 7: header differs from line 2: conflict
        "=cmd|' /C calc'!A0,2025-10-22,C-0045,1,M-100,x,abc,1",             // 8: CSV injection in a bad row
        "SEORD000104,2025/10/23,C-0046,1,M-500,\"双列\n\"\"圆锥\"\"轴承\",2,55", // 9-10: bad date, quoted line break
        "SEORD000104,2025-10-23,C-0046,2,M-600,轴承座,4,20",                 // 11
        "SEORD000105,2025-10-23,C-0047,1,M-700," + new string('N', 1_000_000) + ",1,1", // 12: a 1 MB line, its description over its limit
        "SEORD000106,2025-10-23,C-0048,1,M-800,轴承\u001b[2J\u0000,1,1",    // 13: control characters
    ];

    [Fact]
    public async Task Import_KingdeeFlatGbkExport_StoresOrdersAndLinesRowsWholeAndReportsRawLines()
    {
        var folder = TestHub.NewDataFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "mappings", "kingdee-sales.yaml"), Mapping);
        await using var hub = await TestHub.StartInAsync(testStore, folder);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await hub.DropAsync("销售订单-20251023.csv", Encoding.GetEncoding("GB18030").GetBytes(string.Join("\r\n", Rows) + "\r\n"));
        await hub.WaitForInboxEmptyAsync(TimeSpan.FromSeconds(120));

        Assert.True(File.Exists(Path.Combine(folder, "processed", "销售订单-20251023.csv")), $"The export was not processed. Hub log:\n{hub.Logs}");
        var store = hub.Services.GetRequiredService<IHubStore>();
        var orders = (await store.ListEntitiesAsync(EntityKind.SalesOrder, CancellationToken.None)).OfType<SalesOrder>().ToDictionary(o => o.OrderNo);
        var lines = (await store.ListEntitiesAsync(EntityKind.SalesOrderLine, CancellationToken.None)).OfType<SalesOrderLine>().ToDictionary(l => l.Key);
        Assert.Equal(["SEORD000101", "SEORD000102", "SEORD000104"], orders.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("C-0042", orders["SEORD000101"].CustomerCode);
        Assert.Equal(new DateTimeOffset(2025, 10, 23, 0, 0, 0, TimeSpan.FromHours(8)), orders["SEORD000104"].OrderDate);
        Assert.Equal(
            [KeyParts.Join("SEORD000101", 1), KeyParts.Join("SEORD000101", 2), KeyParts.Join("SEORD000102", 1), KeyParts.Join("SEORD000104", 2)],
            lines.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((5m, 30m), (lines[KeyParts.Join("SEORD000101", 2)].Quantity, lines[KeyParts.Join("SEORD000101", 2)].UnitPrice!.Value));

        var report = ReadReport(Path.Combine(folder, "failed", "销售订单-20251023.csv.errors.csv"));
        Assert.Equal(["5", "6", "7", "8", "9", "12", "13"], report.Select(r => r[1]).Distinct());
        Assert.Equal(Rows[4], Raw(report, "5"));
        Assert.Contains("SalesOrderLine.Quantity", Reason(report, "5"), StringComparison.Ordinal);
        Assert.Equal(Rows[6], Raw(report, "7"));
        Assert.Contains("SalesOrder 'SEORD000101' differs from the one 销售订单-20251023.csv:2 made (CustomerCode 'C-0042' there, 'C-9999' here)", Reason(report, "7"), StringComparison.Ordinal);
        Assert.Equal("'" + Rows[7], Raw(report, "8"));
        Assert.Equal(Rows[8], Raw(report, "9"));
        Assert.Equal(Rows[10][..16_384] + "… (983,658 more characters)", Raw(report, "12"));
        Assert.Contains("1000000 characters long; the limit is 4000", Reason(report, "12"), StringComparison.Ordinal);
        Assert.Equal("SEORD000106,2025-10-23,C-0048,1,M-800,轴承\u241b[2J\u2400,1,1", Raw(report, "13"));

        var (_, check, _) = await hub.RunCommandAsync("mappings", "check");
        Assert.Contains("kingdee-sales        -> SalesOrder + SalesOrderLine kingdee-sales.yaml", check, StringComparison.Ordinal);
        var (_, sample, _) = await hub.RunCommandAsync(
            "mappings", "test", Path.Combine(folder, "mappings", "kingdee-sales.yaml"), Path.Combine(folder, "processed", "销售订单-20251023.csv"));
        Assert.Contains("销售订单-20251023.csv:2  OK     SalesOrder SEORD000101 @ ", sample, StringComparison.Ordinal);
        Assert.Contains("SalesOrderLine SEORD000101", sample, StringComparison.Ordinal);

        var letters = await store.ListDeadLettersAsync("kingdee-sales", includeReplayed: false, 10, CancellationToken.None);
        Assert.Equal(7, letters.Count);
    }

    private static List<string[]> ReadReport(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "the report needs a BOM for Excel");
        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var csv = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions { HasHeader = true });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Current.ToArray());
        }

        return rows;
    }

    private static string Raw(List<string[]> report, string line) => report.First(r => r[1] == line)[4];

    private static string Reason(List<string[]> report, string line) => report.First(r => r[1] == line)[3];
}
