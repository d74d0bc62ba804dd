using System.Text;
using IntegrationHub.Adapters.Files.Csv;
using IntegrationHub.Adapters.Files.Export;

namespace IntegrationHub.Adapters.Files.Tests.Export;

/// <summary>
/// The export folder (issue 24 item 3): files in the reader's encoding with a header row and guarded cells, written
/// whole or not at all, once per table; folders that are links, files, missing or not writable refused.
/// </summary>
public sealed class ExportFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteAsync_Gb18030_FileDecodesWithHeaderAndRows()
    {
        var folder = new ExportFolder(_temp.Path, ExportEncodings.Find("gb18030")!);

        var outcome = await folder.WriteAsync(Table("PR-2026-000001", ["轴承 6204", "2"], ["密封圈, 大号", "1.5"]), CancellationToken.None);

        Assert.True(outcome.Done);
        Assert.False(outcome.AlreadyThere);
        Assert.Equal("part-request-PR-2026-000001.csv", outcome.FileName);
        var bytes = await File.ReadAllBytesAsync(_temp.Combine(outcome.FileName));
        // GB18030 bytes, not UTF-8: 轴 is D6 E1 in GB18030.
        Assert.Equal(new byte[] { 0xD6, 0xE1 }, bytes.AsSpan(bytes.AsSpan().IndexOf((byte)'\n') + 1, 2).ToArray());
        var text = TextEncodingDetector.Gb18030.GetString(bytes);
        Assert.Equal(["item_code,quantity", "轴承 6204,2", "\"密封圈, 大号\",1.5"], text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task WriteAsync_Utf8Bom_StartsWithTheMark()
    {
        var folder = new ExportFolder(_temp.Path, ExportEncodings.Find("utf-8-bom")!);

        var outcome = await folder.WriteAsync(Table("PR-1", ["A-100", "1"]), CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(_temp.Combine(outcome.FileName));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Null(ExportEncodings.Find("latin-1"));
    }

    [Fact]
    public async Task WriteAsync_FormulaLookingCells_GuardedWithAnApostrophe()
    {
        var folder = new ExportFolder(_temp.Path, ExportEncodings.Find("utf-8")!);

        var outcome = await folder.WriteAsync(
            Table("PR-2", ["=HYPERLINK(\"http://evil.example\",\"x\")", "1"], ["+SUM(A1)", "1"], ["@cmd", "1"], ["-2+3", "1"], ["ok\u0000code", "1"]),
            CancellationToken.None);

        var lines = (await File.ReadAllTextAsync(_temp.Combine(outcome.FileName))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",1", lines[1]);
        Assert.Equal("'+SUM(A1),1", lines[2]);
        Assert.Equal("'@cmd,1", lines[3]);
        Assert.Equal("'-2+3,1", lines[4]);
        Assert.Equal("ok\u2400code,1", lines[5]);
    }

    [Fact]
    public async Task WriteAsync_SameTableAgain_FileWrittenOnceAndKept()
    {
        var folder = new ExportFolder(_temp.Path, ExportEncodings.Find("utf-8")!);
        var first = await folder.WriteAsync(Table("PR-3", ["A-100", "1"]), CancellationToken.None);
        var written = await File.ReadAllTextAsync(_temp.Combine(first.FileName));

        // A resend of the same outbox message (the at-least-once gap), even with other content, writes nothing.
        var again = await folder.WriteAsync(Table("PR-3", ["B-200", "9"]), CancellationToken.None);

        Assert.True(again.Done);
        Assert.True(again.AlreadyThere);
        Assert.Equal(written, await File.ReadAllTextAsync(_temp.Combine(first.FileName)));
        Assert.Equal([first.FileName], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_ReaderPollingTheFolder_SeesOnlyCompleteFilesUnderFinalNames()
    {
        var folder = new ExportFolder(_temp.Path, ExportEncodings.Find("gb18030")!);
        const int Files = 40;
        const int Rows = 2000;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var incomplete = new List<string>();
        using var done = new CancellationTokenSource();
        // The ERP's side: lists *.csv as it would, and reads every file it finds at once.
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested || seen.Count < Files)
            {
                foreach (var path in Directory.GetFiles(_temp.Path, "*.csv"))
                {
                    if (!seen.Add(Path.GetFileName(path)))
                    {
                        continue;
                    }

                    var lines = TextEncodingDetector.Gb18030.GetString(await File.ReadAllBytesAsync(path)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                    if (lines.Length != Rows + 1 || lines[^1] != $"最后一行 {Rows},{Rows}")
                    {
                        incomplete.Add($"{Path.GetFileName(path)}: {lines.Length} lines");
                    }
                }
            }
        });

        for (var f = 0; f < Files; f++)
        {
            var rows = Enumerable.Range(1, Rows).Select(r => (IReadOnlyList<string>)[r == Rows ? $"最后一行 {r}" : $"零件 {r}", r.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToList();
            var outcome = await folder.WriteAsync(new ExportTable { Kind = "part-request", Id = $"PR-{f}", Columns = ["item_code", "quantity"], Rows = rows }, CancellationToken.None);
            Assert.True(outcome.Done, outcome.Error);
        }

        await done.CancelAsync();
        await reader.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Empty(incomplete);
        Assert.Equal(Files, seen.Count);
        Assert.All(seen, name => Assert.Matches(@"^part-request-PR-\d+\.csv$", name));
        // Nothing else is left in the folder: no temporary file outlives its write.
        Assert.Equal(Files, Directory.GetFiles(_temp.Path).Length);
    }

    [Fact]
    public async Task WriteAsync_FolderDeleted_PermanentErrorNamingTheFolder_WritesOnceItIsBack()
    {
        var path = _temp.Combine("erp-in");
        Directory.CreateDirectory(path);
        var folder = new ExportFolder(path, ExportEncodings.Find("utf-8")!);
        Directory.Delete(path);

        var failed = await folder.WriteAsync(Table("PR-4", ["A-100", "1"]), CancellationToken.None);

        Assert.False(failed.Done);
        Assert.False(failed.IsTransient);
        Assert.Contains($"export folder {path} does not exist", failed.Error, StringComparison.Ordinal);
        Assert.Contains("replay the dead letter", failed.Error, StringComparison.Ordinal);

        Directory.CreateDirectory(path);
        var written = await folder.WriteAsync(Table("PR-4", ["A-100", "1"]), CancellationToken.None);
        Assert.True(written.Done);
        Assert.True(File.Exists(Path.Combine(path, "part-request-PR-4.csv")));
    }

    [Fact]
    public async Task WriteAsync_FolderReplacedByALink_Refused()
    {
        var real = _temp.Combine("real");
        var link = _temp.Combine("erp-in");
        Directory.CreateDirectory(real);
        Directory.CreateDirectory(link);
        var folder = new ExportFolder(link, ExportEncodings.Find("utf-8")!);
        Directory.Delete(link);
        Directory.CreateSymbolicLink(link, real);

        var outcome = await folder.WriteAsync(Table("PR-5", ["A-100", "1"]), CancellationToken.None);

        Assert.False(outcome.Done);
        Assert.Contains("symbolic link", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(real));
    }

    [Fact]
    public void Problems_LinkFileMissingOrNotWritable_RefusedNamingTheSetting()
    {
        var real = _temp.Combine("real");
        Directory.CreateDirectory(real);
        var link = _temp.Combine("link");
        Directory.CreateSymbolicLink(link, real);
        var file = _temp.Combine("file.txt");
        File.WriteAllText(file, "x");

        Assert.Empty(ExportFolder.Problems(real, "Hub:Parts:Export:Folder"));
        Assert.Contains("is a symbolic link", Assert.Single(ExportFolder.Problems(link, "Hub:Parts:Export:Folder")), StringComparison.Ordinal);
        Assert.Contains("is a symbolic link", Assert.Single(ExportFolder.Problems(link + "/", "Hub:Parts:Export:Folder")), StringComparison.Ordinal);
        Assert.Contains("is a file, not a directory", Assert.Single(ExportFolder.Problems(file, "Hub:Parts:Export:Folder")), StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Single(ExportFolder.Problems(_temp.Combine("nowhere"), "Hub:Parts:Export:Folder")), StringComparison.Ordinal);
        // A folder nobody may create files in, root included (the tests may run as root): procfs.
        var problem = Assert.Single(ExportFolder.Problems("/proc/1", "Hub:Parts:Export:Folder"));
        Assert.StartsWith("Hub:Parts:Export:Folder: the hub cannot create files in /proc/1", problem, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(real));
    }

    [Theory]
    [InlineData("../../etc/passwd", "part-request-______etc_passwd.csv")]
    [InlineData(".hidden", "part-request-_hidden.csv")]
    [InlineData("PR\u0000-1\r\n", "part-request-PR_-1__.csv")]
    public void FileName_HostileId_StaysAPlainNameInTheFolder(string id, string expected)
    {
        var name = Table(id, ["A", "1"]).FileName;

        Assert.Equal(expected, name);
        Assert.Equal(name, Path.GetFileName(name));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"kind\":\"part-request\",\"id\":\"PR-1\",\"columns\":[\"a\",\"b\"],\"rows\":[[\"only one\"]]}")]
    [InlineData("{\"kind\":\"\",\"id\":\"PR-1\",\"columns\":[\"a\"],\"rows\":[]}")]
    [InlineData("{\"kind\":\"x\",\"id\":\"PR-1\",\"columns\":[],\"rows\":[]}")]
    [InlineData("{\"kind\":\"x\",\"id\":\"PR-1\",\"columns\":[\"a\"],\"rows\":[[null]]}")]
    [InlineData("{\"kind\":\"x\",\"id\":\"PR-1\",\"columns\":[\"a\"],\"rows\":null}")]
    public void FromJson_NotATable_RefusedWithAReason(string json)
    {
        Assert.Null(ExportTable.FromJson(json, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void FromJson_RoundTrip_SameTable()
    {
        var table = Table("PR-6", ["轴承", "2"]);

        var back = ExportTable.FromJson(table.ToJson(), out var problem);

        Assert.Null(problem);
        Assert.Equal(table.FileName, back!.FileName);
        Assert.Equal(table.Columns, back.Columns);
        Assert.Equal(table.Rows.Select(r => string.Join("|", r)), back.Rows.Select(r => string.Join("|", r)));
    }

    private static ExportTable Table(string id, params string[][] rows) => new()
    {
        Kind = "part-request",
        Id = id,
        Columns = ["item_code", "quantity"],
        Rows = [.. rows.Select(r => (IReadOnlyList<string>)r)],
    };
}
