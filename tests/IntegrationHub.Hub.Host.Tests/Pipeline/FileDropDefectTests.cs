using System.Text;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>Issue 16, items 5, 6, 20 and 22, through the real hub: its mappings, its store and its log.</summary>
public abstract class FileDropDefectTests(TestStore testStore)
{
    public sealed class OnSqlite() : FileDropDefectTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : FileDropDefectTests(TestStore.PostgreSql);

    [Fact]
    public async Task Import_SameExportDroppedTwice_DeadLettersStoredOnce()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var store = hub.Services.GetRequiredService<IHubStore>();

        await hub.DropAsync("order_lines.csv", PlantFiles.OrderLinesWithBadRows);
        await hub.WaitForInboxEmptyAsync();
        Assert.Equal(3, (await ListAsync(store)).Count);

        await hub.DropAsync("order_lines.csv", PlantFiles.OrderLinesWithBadRows);
        await hub.WaitForInboxEmptyAsync();

        Assert.Equal(["order_lines.csv:3", "order_lines.csv:4", "order_lines.csv:6"], (await ListAsync(store)).Select(l => l.Reference).Order());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(hub.DataFolder, "processed"), "order_lines*.csv").Length);
    }

    [Fact]
    public async Task Import_CrashBetweenStoringAndMovingTheFile_ReimportAddsNoDeadLetter()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var store = hub.Services.GetRequiredService<IHubStore>();
        // A watcher of its own over a second inbox, whose sink dies once right after the store committed the file's
        // rows and dead letters, as a kill -9 would before the file left the inbox.
        var sink = new CrashOnceSink(hub.Services.GetRequiredService<IFileChunkSink>());
        var folder = Path.Combine(hub.DataFolder, "crash");
        var watcher = new FileDropWatcher(
            "crash",
            new FileDropOptions { Inbox = Path.Combine(folder, "inbox"), Processed = Path.Combine(folder, "processed"), Failed = Path.Combine(folder, "failed"), StableFor = TimeSpan.Zero },
            [new FileSourceBinding("erp-order-lines", "order_lines*.csv", "utf-8")],
            sink,
            TimeProvider.System,
            NullLogger<FileDropWatcher>.Instance);
        watcher.EnsureFolders();
        await File.WriteAllTextAsync(Path.Combine(folder, "inbox", "order_lines.csv"), PlantFiles.OrderLinesWithBadRows);

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(folder, "inbox", "order_lines.csv")));
        Assert.Equal(3, (await ListAsync(store)).Count);

        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.True(File.Exists(Path.Combine(folder, "processed", "order_lines.csv")));
        Assert.Equal(3, (await ListAsync(store)).Count);
    }

    [Fact]
    public async Task Import_RandomBytes_FailedWholeWithoutDeadLetters()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var bytes = new byte[2 * 1024 * 1024];
        new Random(6).NextBytes(bytes);

        await hub.DropAsync("orders_big.csv", bytes);
        await hub.WaitForInboxEmptyAsync();

        Assert.False(File.Exists(Path.Combine(hub.DataFolder, "processed", "orders_big.csv")));
        Assert.True(File.Exists(Path.Combine(hub.DataFolder, "failed", "orders_big.csv")));
        var letters = await hub.Services.GetRequiredService<IHubStore>().ListDeadLettersAsync("erp-orders", false, 5_000, CancellationToken.None);
        Assert.True(letters.Count <= 1_000, $"{letters.Count} dead letters");
        Assert.True(new FileInfo(Path.Combine(hub.DataFolder, "failed", "orders_big.csv.errors.csv")).Length < 1024 * 1024);
    }

    [Fact]
    public async Task Import_UndecodableGb18030Bytes_DeadLetterNamesLineAndOffset()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var good = PlantFiles.OrdersGb18030();
        var text = Encoding.ASCII.GetBytes("SO-GBK-");
        byte[] file = [.. good, .. text, 0xFF, .. "02,C001,2025/10/01,20251031,A,CNY,1.00,2025-10-01 09:00:00\n"u8];
        var offset = good.Length + text.Length;

        await hub.DropAsync("orders.csv", file);
        await hub.WaitForInboxEmptyAsync();

        var letter = Assert.Single(await hub.Services.GetRequiredService<IHubStore>().ListDeadLettersAsync("erp-orders", false, 10, CancellationToken.None));
        Assert.Equal("orders.csv:5", letter.Reference);
        Assert.Contains($"line 5 holds bytes that are not valid GB18030 at byte offset {offset} (0xFF)", letter.Reason, StringComparison.Ordinal);
        var counts = await hub.Services.GetRequiredService<IHubStore>().CountEntitiesAsync(CancellationToken.None);
        Assert.Equal(3, counts[Crm.Core.Changes.EntityKind.SalesOrder]);
        var report = await File.ReadAllTextAsync(Path.Combine(hub.DataFolder, "failed", "orders.csv.errors.csv"));
        Assert.Contains($"byte offset {offset}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FileNameWithLineBreak_EveryLogLineEscaped()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        await hub.DropAsync("order_lines\nFAKE Admin signed in.csv", PlantFiles.OrderLinesWithBadRows);
        await hub.WaitForInboxEmptyAsync();
        await hub.WaitForLogAsync(1101, "FAKE Admin"); // logged just after the file leaves the inbox

        var mentions = hub.Logs.Entries.Where(e => e.Message.Contains("FAKE Admin", StringComparison.Ordinal)).ToList();
        Assert.Contains(mentions, e => e.EventId == 1003);
        Assert.Contains(mentions, e => e.EventId == 1101);
        Assert.All(mentions, e => Assert.Contains(@"order_lines\nFAKE Admin signed in.csv", e.Message, StringComparison.Ordinal));
    }

    private static Task<IReadOnlyList<DeadLetter>> ListAsync(IHubStore store) =>
        store.ListDeadLettersAsync("erp-order-lines", includeReplayed: false, 100, CancellationToken.None);

    private sealed class CrashOnceSink(IFileChunkSink inner) : IFileChunkSink
    {
        private int _crashed;

        public IPreparedFileChunk Prepare(FileChunk chunk) => new Crashing(this, inner.Prepare(chunk));

        private sealed class Crashing(CrashOnceSink sink, IPreparedFileChunk prepared) : IPreparedFileChunk
        {
            public IReadOnlyList<RejectedRow> Refused => prepared.Refused;

            public async Task CommitAsync(CancellationToken cancellationToken)
            {
                await prepared.CommitAsync(cancellationToken);
                if (Interlocked.Exchange(ref sink._crashed, 1) == 0)
                {
                    throw new IOException("the process died here");
                }
            }
        }
    }
}
