namespace IntegrationHub.Adapters.Files.Tests;

/// <summary>
/// Issue 16, item 6: 200 MB of random bytes became a 929 MB errors.csv and 1.6 million dead letters, and the file
/// counted as imported. A file that is not an export of its source goes to failed/ whole with one reason.
/// </summary>
public class GarbageFileTests
{
    [Fact]
    public async Task ScanOnceAsync_RandomBytes_FileToFailedWholeWithBoundedReport()
    {
        using var folder = new TempFolder();
        var bytes = new byte[3 * 1024 * 1024];
        new Random(16).NextBytes(bytes);
        await File.WriteAllBytesAsync(folder.Combine("inbox-src.bin"), bytes);
        var (watcher, sink) = Create(folder, new FileDropOptions { StableFor = TimeSpan.Zero });
        File.Move(folder.Combine("inbox-src.bin"), folder.Combine("inbox", "orders_big.csv"));

        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.False(File.Exists(folder.Combine("processed", "orders_big.csv")), "garbage was counted as imported");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(folder.Combine("failed", "orders_big.csv")));
        // At most one batch is read before the file is judged, and the sink may dead-letter at most the cap of it.
        Assert.True(sink.Chunks.Count <= 1, $"{sink.Chunks.Count} batches were handed over");
        Assert.All(sink.Chunks, c => Assert.True(c.DeadLetterBudget <= 1_000));
        var report = new FileInfo(folder.Combine("failed", "orders_big.csv.errors.csv")).Length;
        Assert.True(report < 1024 * 1024, $"the error report holds {report} bytes");
        var status = watcher.GetStatus();
        Assert.Equal(0, status.Counts["filesImported"]);
        Assert.Equal(1, status.Counts["filesFailed"]);
    }

    [Fact]
    public async Task ScanOnceAsync_HeaderNamesNoneOfTheMappingsColumns_RefusedBeforeAnyRow()
    {
        using var folder = new TempFolder();
        var (watcher, sink) = Create(folder, new FileDropOptions { StableFor = TimeSpan.Zero }, columns: ["no", "qty"]);
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_stock.csv"), "item,warehouse\nA,W1\nB,W2\n");

        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.Empty(sink.Chunks);
        var report = await File.ReadAllTextAsync(folder.Combine("failed", "orders_stock.csv.errors.csv"));
        Assert.Contains("names none of the columns the mapping reads (no, qty); found: item, warehouse", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanOnceAsync_MostRowsRejected_FileToFailedWholeWithOneReason()
    {
        using var folder = new TempFolder();
        var (watcher, _) = Create(folder, new FileDropOptions { StableFor = TimeSpan.Zero, BatchSize = 50 });
        var rows = string.Concat(Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? $"G{i},\n" : $"B{i},x\n"));
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_wrong.csv"), "no,bad\n" + rows);

        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.False(File.Exists(folder.Combine("processed", "orders_wrong.csv")));
        Assert.True(File.Exists(folder.Combine("failed", "orders_wrong.csv")));
        var report = await File.ReadAllLinesAsync(folder.Combine("failed", "orders_wrong.csv.errors.csv"));
        Assert.Contains("Hub:Files:MaxRejectedShare", report[1], StringComparison.Ordinal);
        Assert.Contains("MaxRejectedShare", watcher.GetStatus().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanOnceAsync_MoreRejectedRowsThanTheCap_DeadLettersCappedAndFileKeptWhole()
    {
        using var folder = new TempFolder();
        var (watcher, sink) = Create(folder, new FileDropOptions { StableFor = TimeSpan.Zero, MaxDeadLettersPerFile = 10, BatchSize = 1_000 });
        var rows = string.Concat(Enumerable.Range(0, 1_000).Select(i => i % 20 == 0 ? $"B{i},x\n" : $"G{i},\n"));
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_many.csv"), "no,bad\n" + rows);

        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.Equal(10, sink.Chunks.Single().DeadLetterBudget);
        Assert.True(File.Exists(folder.Combine("failed", "orders_many.csv")));
        var report = await File.ReadAllLinesAsync(folder.Combine("failed", "orders_many.csv.errors.csv"));
        Assert.Equal(1 + 1 + 10 + 1, report.Length); // header, the reason, ten rows, the count of the rest
        Assert.Contains("40 more rejected rows are not listed", report[^1], StringComparison.Ordinal);
    }

    private static (FileDropWatcher Watcher, RecordingSink Sink) Create(TempFolder folder, FileDropOptions options, IReadOnlyList<string>? columns = null)
    {
        options = options with
        {
            Inbox = folder.Combine("inbox"),
            Processed = folder.Combine("processed"),
            Failed = folder.Combine("failed"),
        };
        var sink = new RecordingSink();
        var watcher = new FileDropWatcher(
            "files", options, [new FileSourceBinding("erp-orders", "orders*.csv", Columns: columns)], sink, TimeProvider.System,
            new ListLogger<FileDropWatcher>());
        watcher.EnsureFolders();
        return (watcher, sink);
    }
}
