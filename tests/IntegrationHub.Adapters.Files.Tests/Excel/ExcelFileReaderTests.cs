using IntegrationHub.Adapters.Files.Excel;
using IntegrationHub.Tests.Common.Excel;

namespace IntegrationHub.Adapters.Files.Tests.Excel;

public sealed class ExcelFileReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("excel-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Workbook()
    {
        var path = Path.Combine(_folder, "客户清单.xlsx");
        XlsxBuilder.Write(path,
            ("说明", [["Note"], ["This workbook lists customers"]]),
            ("客户", [
                ["CustomerCode", "Name", "CreditLimit", "Since", null],
                ["C001", "苏州精工机械有限公司", 150000.5, new DateTime(2021, 3, 15), null],
                [null, null, null, null, null],
                ["C002", "Acme Packaging GmbH", 80000, new DateTime(2022, 1, 4, 9, 30, 0), null],
            ]));
        return path;
    }

    private static async Task<List<FileChunk>> ReadAllAsync(string path, FileSourceBinding binding)
    {
        var chunks = new List<FileChunk>();
        await foreach (var chunk in ExcelFileReader.ReadAsync(path, binding, 1000, DateTimeOffset.UnixEpoch, CancellationToken.None))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    [Fact]
    public async Task Read_SheetByName_RowsAsTextLikeACsvExport()
    {
        var chunks = await ReadAllAsync(Workbook(), new FileSourceBinding("erp-customers", "*.xlsx", Sheet: "客户"));

        var records = Assert.Single(chunks).Records;
        Assert.Equal(2, records.Count);
        Assert.Equal("苏州精工机械有限公司", records[0].Fields["Name"]);
        Assert.Equal("150000.5", records[0].Fields["CreditLimit"]);
        Assert.Equal("2021-03-15", records[0].Fields["Since"]);
        Assert.Equal("80000", records[1].Fields["CreditLimit"]);
        Assert.Equal("2022-01-04 09:30:00", records[1].Fields["Since"]);
        Assert.Equal("客户清单.xlsx:客户:4", records[1].Reference);
    }

    [Fact]
    public async Task Read_NoSheetNamed_FirstSheet()
    {
        var records = Assert.Single(await ReadAllAsync(Workbook(), new FileSourceBinding("s", "*.xlsx"))).Records;

        Assert.Equal("This workbook lists customers", Assert.Single(records).Fields["Note"]);
    }

    [Fact]
    public async Task Read_UnknownSheet_ErrorListsTheSheets()
    {
        var ex = await Assert.ThrowsAsync<UnreadableFileException>(() => ReadAllAsync(Workbook(), new FileSourceBinding("s", "*.xlsx", Sheet: "Orders")));

        Assert.Contains("no sheet named 'Orders' (its sheets: 说明, 客户)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NotAWorkbook_Unreadable()
    {
        var path = Path.Combine(_folder, "orders.xlsx");
        await File.WriteAllTextAsync(path, "OrderNo,Qty\nSO-1,3\n");

        var ex = await Assert.ThrowsAsync<UnreadableFileException>(() => ReadAllAsync(path, new FileSourceBinding("s", "*.xlsx")));

        Assert.Contains("not an Excel workbook", ex.Message, StringComparison.Ordinal);
    }
}
