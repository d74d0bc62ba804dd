using System.Text;
using CsvHelper;
using IntegrationHub.Adapters.Files.Csv;
using IntegrationHub.Adapters.Files.Excel;
using IntegrationHub.Tests.Common.Excel;

namespace IntegrationHub.Adapters.Files.Tests;

/// <summary>
/// Issue 23 item 6: the <c>raw</c> column of <c>failed/*.errors.csv</c> holds the row as the export held it (decoded
/// from GBK, written as UTF-8 with a BOM for Excel), never escaped JSON, and no cell of the report can run in Excel.
/// </summary>
public sealed class ErrorReportRawTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 10, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_GbkRowWithQuotedLineBreak_RawIsTheRecordAsWritten()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("销售订单.csv");
        const string Row = "SEORD000123,\"苏州精工,\"\"一厂\"\"\n二楼\",物料A,10";
        await File.WriteAllBytesAsync(path, TextEncodingDetector.Gb18030.GetBytes("单据编号,购货单位,物料代码,数量\r\n" + Row + "\r\nSEORD000124,宁波,物料B,5\r\n"));

        var records = new List<IntegrationHub.Adapters.Abstractions.SourceRecord>();
        await foreach (var chunk in CsvFileReader.ReadAsync(path, new FileSourceBinding("s", "*.csv", "gb18030"), 100, ReceivedAt, CancellationToken.None))
        {
            records.AddRange(chunk.Records);
        }

        Assert.Equal(Row, records[0].Raw);
        Assert.Equal("苏州精工,\"一厂\"\n二楼", records[0].Fields["购货单位"]);
        Assert.Equal("SEORD000124,宁波,物料B,5", records[1].Raw);
    }

    [Fact]
    public async Task ReadAsync_ExcelRow_RawIsCellsJoinedAsCsv()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("订单.xlsx");
        XlsxBuilder.Write(path, ("订单", [["单据编号", "购货单位", "数量"], ["SEORD1", "苏州精工, \"一厂\"", 3.5]]));

        var records = new List<IntegrationHub.Adapters.Abstractions.SourceRecord>();
        await foreach (var chunk in ExcelFileReader.ReadAsync(path, new FileSourceBinding("s", "*.xlsx"), 100, ReceivedAt, CancellationToken.None))
        {
            records.AddRange(chunk.Records);
        }

        Assert.Equal("SEORD1,\"苏州精工, \"\"一厂\"\"\",3.5", Assert.Single(records).Raw);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0,C1,1", "'=cmd|' /C calc'!A0,C1,1")]
    [InlineData("+SUM(1+1)*cmd|' /C calc'!A0", "'+SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("-2+3,x", "'-2+3,x")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("a\u0000b\u001bc\u007fd\te", "a\u2400b\u241bc\u2421d\te")]
    [InlineData("单据编号 SEORD1,=1", "单据编号 SEORD1,=1")]
    public void Cell_HostileText_CannotRunOrHideInExcel(string raw, string expected)
    {
        Assert.Equal(expected, ErrorReportWriter.Cell(raw));
    }

    [Fact]
    public async Task WriteAsync_HostileRows_ReadBackAsOneRecordEachWithBomAndReadableRaw()
    {
        using var folder = new TempFolder();
        var report = folder.Combine("销售订单.csv.errors.csv");
        var huge = "SEORD9," + new string('长', 1024 * 1024);
        await ErrorReportWriter.WriteAsync(report, [
            new RejectedRow("销售订单.csv", 2, "数量", "=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0,苏州,1"),
            new RejectedRow("销售订单.csv", 3, null, "bad", "SEORD2,\"第一行\n第二行\",\"他说\"\"好\"\"\""),
            new RejectedRow("销售订单.csv", 4, null, "too long", huge),
        ], CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(report);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "Excel needs the BOM to read UTF-8");
        var rows = new List<string[]>();
        using (var reader = new StreamReader(report, Encoding.UTF8))
        using (var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true }))
        {
            while (csv.Read())
            {
                rows.Add(csv.Current.ToArray());
            }
        }

        Assert.Equal(3, rows.Count);
        Assert.Equal(["销售订单.csv", "2", "数量", "'=HYPERLINK(\"http://x\")", "'=cmd|' /C calc'!A0,苏州,1"], rows[0]);
        Assert.Equal("SEORD2,\"第一行\n第二行\",\"他说\"\"好\"\"\"", rows[1][4]);
        Assert.DoesNotContain("\\u", rows[1][4], StringComparison.Ordinal);
        Assert.StartsWith("SEORD9,长长", rows[2][4], StringComparison.Ordinal);
        Assert.EndsWith("(1,032,199 more characters)", rows[2][4], StringComparison.Ordinal);
        Assert.True(rows[2][4].Length < 17_000);
    }
}
