using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Files.Tests;

/// <summary>
/// Issue 17, Benchmarks: the watcher reads and prepares the next chunk while the one before is stored, one commit at a
/// time in file order, and a failure or a cancellation leaves the file exactly as when chunks went one by one.
/// </summary>
public class OverlappedImportTests
{
    // Five chunks of two rows each.
    private const int Rows = 10;

    [Fact]
    public async Task Import_NextChunkPreparedWhileFirstIsStored_CommitsInOrderOneAtATime()
    {
        using var folder = new TempFolder();
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        ScriptedSink sink = null!;
        // The first commit finishes only once the second chunk was prepared: a watcher that stores before it reads on
        // never gets there, and the hang guard fails the test.
        sink = new ScriptedSink { OnCommit = (n, _) => n == 1 ? sink.SecondPrepared.Task.WaitAsync(hang.Token) : Task.CompletedTask };
        var watcher = CreateWatcher(folder, sink);
        await WriteOrdersAsync(folder);

        Assert.Equal(1, await watcher.ScanOnceAsync(hang.Token));

        Assert.Equal([1, 2, 3, 4, 5], sink.Committed);
        // Bounded hand-off: whenever a chunk was prepared, at most one chunk before it was not yet stored (chunk 2
        // was prepared while chunk 1 was held; chunk 3 only after chunk 1 was stored).
        Assert.Equal([0, 1, 1, 1, 1], sink.AheadAtPrepare.Select(n => Math.Min(n, 1)));
        Assert.All(sink.AheadAtPrepare, n => Assert.InRange(n, 0, 1));
        Assert.True(File.Exists(folder.Combine("processed", "orders.csv")));
    }

    [Fact]
    public async Task Import_StoreFailsOnChunkThreeOfFive_TwoCommittedFileStaysInInboxThenImportsWhole()
    {
        using var folder = new TempFolder();
        var down = true;
        var sink = new ScriptedSink { OnCommit = (n, _) => n == 3 && down ? throw new IOException("store is down") : Task.CompletedTask };
        var watcher = CreateWatcher(folder, sink);
        await WriteOrdersAsync(folder);

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.Equal([1, 2], sink.Committed);
        // The reader may have prepared chunk 4 while chunk 3 was being stored, never further.
        Assert.InRange(sink.Prepared, 3, 4);
        Assert.Equal(0, sink.Unfinished);
        Assert.True(File.Exists(folder.Combine("inbox", "orders.csv")));
        Assert.Empty(Directory.GetFiles(folder.Combine("processed")));
        Assert.Empty(Directory.GetFiles(folder.Combine("failed")));
        Assert.Contains("store is down", watcher.GetStatus().LastError, StringComparison.Ordinal);

        down = false;
        var preparedBefore = sink.Prepared;
        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));
        Assert.Equal([1, 2, .. Enumerable.Range(preparedBefore + 1, 5)], sink.Committed);
        Assert.True(File.Exists(folder.Combine("processed", "orders.csv")));
    }

    [Fact]
    public async Task Import_CancelledWhileChunkTwoIsStored_ThrowsWithNothingStillWritingAndFileInInbox()
    {
        using var folder = new TempFolder();
        using var stopping = new CancellationTokenSource();
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var sink = new ScriptedSink
        {
            OnCommit = async (n, token) =>
            {
                if (n == 2)
                {
                    await stopping.CancelAsync();
                    // The store honours the token: it gives up mid-commit. Not a pause: an infinite wait that only the
                    // cancellation ends, under the 120 s hang guard.
                    await Task.Delay(Timeout.Infinite, token).WaitAsync(hang.Token);
                }
            },
        };
        var watcher = CreateWatcher(folder, sink);
        await WriteOrdersAsync(folder);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher.ScanOnceAsync(stopping.Token));

        Assert.Equal([1], sink.Committed);
        Assert.Equal(0, sink.Unfinished);
        Assert.True(File.Exists(folder.Combine("inbox", "orders.csv")));
        Assert.Empty(Directory.GetFiles(folder.Combine("processed")));
        Assert.Empty(Directory.GetFiles(folder.Combine("failed")));
    }

    [Fact]
    public async Task Import_ReadFailsWhileStoreOfChunkBeforeFailsToo_StoreFailureDecidesFileStaysInInbox()
    {
        using var folder = new TempFolder();
        // Chunk 2 is being stored while the reader meets the record after it, which spans lines that are each within
        // MaxRowBytes (so the inspector lets the file through) but is longer than it as a whole: reading fails. The
        // store of chunk 2 fails too; one by one, that failure came first (the file stays in the inbox to be retried),
        // where the read failure alone would send the file to failed/.
        var sink = new ScriptedSink { OnCommit = (n, _) => n == 2 ? throw new IOException("store is down") : Task.CompletedTask };
        var logger = new ListLogger<FileDropWatcher>();
        var watcher = CreateWatcher(folder, sink, new FileDropOptions { StableFor = TimeSpan.Zero, BatchSize = 2, MaxRowBytes = 64 }, logger);
        var text = new StringBuilder("no\n");
        for (var i = 1; i <= 4; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"SO-{i}\n");
        }

        text.Append('"').AppendJoin('\n', Enumerable.Repeat(new string('X', 40), 5)).Append("\"\n");
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders.csv"), text.ToString());

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.Equal([1], sink.Committed);
        Assert.Equal(2, sink.Prepared);
        Assert.True(File.Exists(folder.Combine("inbox", "orders.csv")));
        Assert.Empty(Directory.GetFiles(folder.Combine("failed")));
        Assert.Contains("store is down", watcher.GetStatus().LastError, StringComparison.Ordinal);
        var superseded = Assert.Single(logger.Entries, e => e.EventId == 1610);
        Assert.Contains("MaxRowBytes", superseded.Message, StringComparison.Ordinal);
    }

    private static Task WriteOrdersAsync(TempFolder folder) =>
        File.WriteAllTextAsync(
            folder.Combine("inbox", "orders.csv"),
            "no\n" + string.Concat(Enumerable.Range(1, Rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"SO-{i}\n"))));

    private static FileDropWatcher CreateWatcher(TempFolder folder, ScriptedSink sink, FileDropOptions? options = null, ListLogger<FileDropWatcher>? logger = null)
    {
        options = (options ?? new FileDropOptions { StableFor = TimeSpan.Zero, BatchSize = 2 }) with
        {
            Inbox = folder.Combine("inbox"),
            Processed = folder.Combine("processed"),
            Failed = folder.Combine("failed"),
        };
        Directory.CreateDirectory(options.Inbox);
        return new FileDropWatcher(
            "files", options, [new FileSourceBinding("erp-orders", "orders*.csv")], sink, TimeProvider.System,
            (ILogger<FileDropWatcher>?)logger ?? NullLogger<FileDropWatcher>.Instance);
    }
}
