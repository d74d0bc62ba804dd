using System.Text;
using IntegrationHub.Adapters.Files.Csv;

namespace IntegrationHub.Adapters.Files.Tests.Csv;

public class CsvFileReaderTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 10, 22, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("gb18030")]
    public async Task ReadAsync_AutoEncoding_ReadsChineseHeadersAndValues(string encodingName)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("orders.csv");
        var text = "订单编号,客户名称,金额\nSO-001,苏州精工机械有限公司,\"1,234.50\"\nSO-002,Acme GmbH,99\n";
        var bytes = encodingName switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            _ => TextEncodingDetector.Gb18030.GetBytes(text),
        };
        await File.WriteAllBytesAsync(path, bytes);

        var chunks = await ReadAllAsync(path, new FileSourceBinding("erp-orders", "orders*.csv"));

        var records = chunks.SelectMany(c => c.Records).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal("苏州精工机械有限公司", records[0].Fields["客户名称"]);
        Assert.Equal("1,234.50", records[0].Fields["金额"]);
        Assert.Equal("orders.csv:2", records[0].Reference);
        Assert.Equal("orders.csv:3", records[1].Reference);
        Assert.Equal(ReceivedAt, records[0].ReceivedAt);
        Assert.Empty(chunks.SelectMany(c => c.Rejected));
    }

    [Fact]
    public async Task DetectAsync_GbkBytesLaterInFile_DetectsGb18030()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("late.csv");
        // 200 KB of ASCII before the first Chinese character: detection must look past the first buffer.
        var ascii = string.Concat(Enumerable.Repeat("SO-000,ACME,1\n", 15_000));
        await File.WriteAllBytesAsync(path, TextEncodingDetector.Gb18030.GetBytes("a,b,c\n" + ascii + "SO-999,上海,2\n"));

        var encoding = await TextEncodingDetector.DetectAsync(path, CancellationToken.None);

        Assert.Equal(TextEncodingDetector.Gb18030.WebName, encoding.WebName);
    }

    [Fact]
    public async Task ReadAsync_BrokenRows_RejectsThemWithLineAndKeepsTheRest()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("lines.csv");
        await File.WriteAllTextAsync(path, "a,b,c\n1,2,3\n4,5\n\n\"x\"y,7,8\n9,\"10\n11\",12\n13,14,15,16\n17,18,19\n");

        var chunks = await ReadAllAsync(path, new FileSourceBinding("s", "*.csv"));

        var records = chunks.SelectMany(c => c.Records).ToList();
        Assert.Equal(["lines.csv:2", "lines.csv:6", "lines.csv:9"], records.Select(r => r.Reference));
        Assert.Equal("10\n11", records[1].Fields["b"]);
        var rejected = chunks.SelectMany(c => c.Rejected).ToList();
        Assert.Equal([3, 5, 8], rejected.Select(r => r.Line));
        Assert.Equal("4,5", rejected[0].Raw);
        Assert.Contains("number of fields", rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("closing quote", rejected[1].Reason, StringComparison.Ordinal);
        Assert.All(rejected, r => Assert.Equal("lines.csv", r.File));
    }

    [Fact]
    public async Task ReadAsync_ManyRows_ComesInChunksOfBatchSize()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("big.csv");
        await File.WriteAllLinesAsync(path, ["n", .. Enumerable.Range(1, 2_500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        var chunks = await ReadAllAsync(path, new FileSourceBinding("s", "*.csv"), batchSize: 1_000);

        Assert.Equal([1_000, 1_000, 500], chunks.Select(c => c.Records.Count));
        Assert.Equal("2500", chunks[^1].Records[^1].Fields["n"]);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,,c\n1,2,3\n", "column 2")]
    [InlineData("a,b,a\n1,2,3\n", "'a' twice")]
    public async Task ReadAsync_BadHeader_ThrowsUnreadableFile(string content, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("bad.csv");
        await File.WriteAllTextAsync(path, content);

        var ex = await Assert.ThrowsAsync<UnreadableFileException>(() => ReadAllAsync(path, new FileSourceBinding("s", "*.csv")));

        Assert.Contains(expected, ex.Reason, StringComparison.Ordinal);
        Assert.Equal("bad.csv", ex.File);
    }

    [Fact]
    public async Task ReadAsync_SemicolonDelimiter_SplitsOnIt()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("s.csv");
        await File.WriteAllTextAsync(path, "a;b\n1,5;2\n");

        var chunks = await ReadAllAsync(path, new FileSourceBinding("s", "*.csv", "utf-8", ';'));

        Assert.Equal("1,5", chunks[0].Records[0].Fields["a"]);
    }

    [Fact]
    public async Task ReadAsync_UndecodableGb18030Bytes_RowRejectedNamingLineAndByteOffset()
    {
        // Issue 16, item 5: two different order numbers with bad bytes were both stored as SO-GBK-??02.
        using var folder = new TempFolder();
        var path = folder.Combine("orders.csv");
        byte[] header = [.. TextEncodingDetector.Gb18030.GetBytes("订单编号,金额\nSO-GBK-0001,1\n")];
        byte[] bad1 = [.. "SO-GBK-"u8, 0x81, 0x20, .. "02,2\n"u8];
        byte[] bad2 = [.. "SO-GBK-"u8, 0xFF, .. "02,3\n"u8];
        byte[] good = [.. "SO-GBK-0004,4\n"u8];
        await File.WriteAllBytesAsync(path, [.. header, .. bad1, .. bad2, .. good]);

        var chunks = await ReadAllAsync(path, new FileSourceBinding("erp-orders", "orders*.csv", "gb18030"));

        Assert.Equal(["SO-GBK-0001", "SO-GBK-0004"], chunks.SelectMany(c => c.Records).Select(r => r.Fields["订单编号"]));
        var rejected = chunks.SelectMany(c => c.Rejected).OrderBy(r => r.Line).ToList();
        Assert.Equal([3, 4], rejected.Select(r => r.Line));
        var offset1 = header.Length + 7;
        var offset2 = header.Length + bad1.Length + 7;
        Assert.Contains($"line 3 holds bytes that are not valid GB18030 at byte offset {offset1} (0x81", rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains($"line 4 holds bytes that are not valid GB18030 at byte offset {offset2} (0xFF)", rejected[1].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('?', rejected[1].Raw);
    }

    private static async Task<List<FileChunk>> ReadAllAsync(string path, FileSourceBinding binding, int batchSize = 100)
    {
        var chunks = new List<FileChunk>();
        await foreach (var chunk in CsvFileReader.ReadAsync(path, binding, batchSize, ReceivedAt, CancellationToken.None))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
