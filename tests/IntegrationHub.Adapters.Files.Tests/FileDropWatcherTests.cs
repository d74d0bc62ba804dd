using IntegrationHub.Adapters.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Adapters.Files.Tests;

public class FileDropWatcherTests
{
    [Fact]
    public async Task ScanOnceAsync_GoodAndBadRows_StoresGoodMovesFileAndReportsBad()
    {
        using var folder = new TempFolder();
        var sink = new RecordingSink();
        var watcher = CreateWatcher(folder, sink);
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders-1.csv"), "no,bad\nA,\nB,x\nC\nD,\n");

        var handled = await watcher.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(1, handled);
        Assert.Equal(["A", "B", "D"], sink.Chunks.SelectMany(c => c.Records).Select(r => r.Fields["no"]));
        Assert.True(File.Exists(folder.Combine("processed", "orders-1.csv")));
        Assert.False(File.Exists(folder.Combine("inbox", "orders-1.csv")));
        var report = await File.ReadAllLinesAsync(folder.Combine("failed", "orders-1.csv.errors.csv"));
        Assert.Equal("file,line,column,reason,raw", report[0]);
        Assert.StartsWith("orders-1.csv,3,bad,mapping refused it", report[1], StringComparison.Ordinal);
        Assert.StartsWith("orders-1.csv,4,,", report[2], StringComparison.Ordinal);
        var status = watcher.GetStatus();
        Assert.Equal(2, status.Counts["rowsStored"]);
        Assert.Equal(2, status.Counts["rowsRejected"]);
        Assert.Equal(1, status.Counts["filesImported"]);
    }

    [Fact]
    public async Task ScanOnceAsync_FileStillGrowing_IsLeftAloneUntilStable()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 10, 22, 0, 0, 0, TimeSpan.Zero));
        var sink = new RecordingSink();
        var watcher = CreateWatcher(folder, sink, time, new FileDropOptions { StableFor = TimeSpan.FromSeconds(2) });
        var path = folder.Combine("inbox", "orders.csv");
        await File.WriteAllTextAsync(path, "no\nA\n");

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(3));
        await File.AppendAllTextAsync(path, "B\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));
        Assert.Empty(sink.Chunks);

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));
        Assert.Equal(["A", "B"], sink.Chunks.SelectMany(c => c.Records).Select(r => r.Fields["no"]));
    }

    [Fact]
    public async Task ScanOnceAsync_DoneMarkerMode_WaitsForMarkerThenRemovesIt()
    {
        using var folder = new TempFolder();
        var sink = new RecordingSink();
        var watcher = CreateWatcher(folder, sink, options: new FileDropOptions { DoneMarkerSuffix = ".done" });
        var path = folder.Combine("inbox", "orders.csv");
        await File.WriteAllTextAsync(path, "no\nA\n");

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));
        await File.WriteAllTextAsync(path + ".done", string.Empty);
        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.False(File.Exists(path + ".done"));
        Assert.Single(sink.Chunks);
    }

    [Fact]
    public async Task ScanOnceAsync_StoreDown_LeavesFileInInboxAndRetries()
    {
        using var folder = new TempFolder();
        var sink = new RecordingSink { Down = true };
        var watcher = CreateWatcher(folder, sink);
        var path = folder.Combine("inbox", "orders.csv");
        await File.WriteAllTextAsync(path, "no\nA\n");

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));
        Assert.True(File.Exists(path));
        Assert.Contains("store is down", watcher.GetStatus().LastError, StringComparison.Ordinal);

        sink.Down = false;
        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));
        Assert.Single(sink.Chunks);
        Assert.True(File.Exists(folder.Combine("processed", "orders.csv")));
    }

    [Fact]
    public async Task ScanOnceAsync_UnknownFileName_MovesToFailedWithReason()
    {
        using var folder = new TempFolder();
        var watcher = CreateWatcher(folder, new RecordingSink());
        await File.WriteAllTextAsync(folder.Combine("inbox", "invoices.csv"), "no\nA\n");

        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.True(File.Exists(folder.Combine("failed", "invoices.csv")));
        var report = await File.ReadAllTextAsync(folder.Combine("failed", "invoices.csv.errors.csv"));
        Assert.Contains("orders*.csv", report, StringComparison.Ordinal);
        Assert.Equal(1, watcher.GetStatus().Counts["filesFailed"]);
    }

    [Fact]
    public async Task ScanOnceAsync_SameFileDroppedTwice_KeepsBothCopiesInProcessed()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 10, 22, 0, 0, 0, TimeSpan.Zero));
        var watcher = CreateWatcher(folder, new RecordingSink(), time);
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders.csv"), "no\nA\n");
        await watcher.ScanOnceAsync(CancellationToken.None);
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders.csv"), "no\nA\n");
        time.Advance(TimeSpan.FromSeconds(1));
        await watcher.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(2, Directory.GetFiles(folder.Combine("processed")).Length);
        Assert.Equal(AdapterState.Starting, watcher.GetStatus().State);
    }

    private static FileDropWatcher CreateWatcher(TempFolder folder, RecordingSink sink, TimeProvider? time = null, FileDropOptions? options = null)
    {
        options = (options ?? new FileDropOptions { StableFor = TimeSpan.Zero }) with
        {
            Inbox = folder.Combine("inbox"),
            Processed = folder.Combine("processed"),
            Failed = folder.Combine("failed"),
        };
        Directory.CreateDirectory(options.Inbox);
        return new FileDropWatcher(
            "files", options, [new FileSourceBinding("erp-orders", "orders*.csv")], sink, time ?? TimeProvider.System,
            NullLogger<FileDropWatcher>.Instance);
    }
}
