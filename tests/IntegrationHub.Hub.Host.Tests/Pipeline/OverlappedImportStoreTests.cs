using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>
/// Issue 17, Benchmarks: the overlapped import (the next chunk is read and mapped while the one before is stored)
/// through the hub's own sink, mappings and store: what is committed when the store fails on chunk 3 of 5 or the import
/// is cancelled mid-file, and where the file goes.
/// </summary>
public abstract class OverlappedImportStoreTests(TestStore testStore)
{
    public sealed class OnSqlite() : OverlappedImportStoreTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : OverlappedImportStoreTests(TestStore.PostgreSql);

    [Fact]
    public async Task Import_StoreFailsOnChunkThreeOfFive_TwoChunksCommittedFileStaysThenWholeFileOnce()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var store = hub.Services.GetRequiredService<IHubStore>();
        var down = true;
        var sink = new FailingSink(hub.Services.GetRequiredService<IFileChunkSink>(), (n, _) => n == 3 && down ? throw new IOException("the database went away") : Task.CompletedTask);
        var (watcher, folder) = CreateWatcher(hub, sink);
        await File.WriteAllTextAsync(Path.Combine(folder, "inbox", "order_lines.csv"), Lines(10));

        Assert.Equal(0, await watcher.ScanOnceAsync(CancellationToken.None));

        // Chunks 1 and 2 (four rows) are stored whole, chunk 3 not at all, and nothing after it.
        Assert.Equal(4, await LinesAsync(store));
        Assert.True(File.Exists(Path.Combine(folder, "inbox", "order_lines.csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "processed")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "failed")));

        down = false;
        Assert.Equal(1, await watcher.ScanOnceAsync(CancellationToken.None));

        Assert.Equal(10, await LinesAsync(store));
        Assert.True(File.Exists(Path.Combine(folder, "processed", "order_lines.csv")));
        Assert.Empty(await store.ListDeadLettersAsync("erp-order-lines", includeReplayed: false, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Import_CancelledWhileChunkTwoIsStored_OnlyChunkOneCommittedAndFileStays()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var store = hub.Services.GetRequiredService<IHubStore>();
        using var stopping = new CancellationTokenSource();
        // The hub stops while chunk 2 goes to the store: the store sees a cancelled token and rolls the chunk back.
        var sink = new FailingSink(hub.Services.GetRequiredService<IFileChunkSink>(), (n, _) => n == 2 ? stopping.CancelAsync() : Task.CompletedTask);
        var (watcher, folder) = CreateWatcher(hub, sink);
        await File.WriteAllTextAsync(Path.Combine(folder, "inbox", "order_lines.csv"), Lines(10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher.ScanOnceAsync(stopping.Token));

        Assert.Equal(2, await LinesAsync(store));
        Assert.True(File.Exists(Path.Combine(folder, "inbox", "order_lines.csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "processed")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "failed")));
    }

    private static (FileDropWatcher Watcher, string Folder) CreateWatcher(TestHub hub, IFileChunkSink sink)
    {
        var folder = Path.Combine(hub.DataFolder, "overlap");
        var watcher = new FileDropWatcher(
            "overlap",
            new FileDropOptions
            {
                Inbox = Path.Combine(folder, "inbox"), Processed = Path.Combine(folder, "processed"), Failed = Path.Combine(folder, "failed"),
                StableFor = TimeSpan.Zero, BatchSize = 2,
            },
            [new FileSourceBinding("erp-order-lines", "order_lines*.csv", "utf-8")],
            sink,
            TimeProvider.System,
            NullLogger<FileDropWatcher>.Instance);
        watcher.EnsureFolders();
        return (watcher, folder);
    }

    private static string Lines(int count)
    {
        var text = new StringBuilder("OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt\n");
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"SO-OV-001,{i},FL-200-304,Flange,{i},PCS,186.50,Open,2025-10-01 09:00:00\n");
        }

        return text.ToString();
    }

    private static async Task<long> LinesAsync(IHubStore store) =>
        (await store.CountEntitiesAsync(CancellationToken.None)).GetValueOrDefault(EntityKind.SalesOrderLine);

    /// <summary>Runs <c>before</c> with the chunk's number (from 1) ahead of each real commit, which it may fail.</summary>
    private sealed class FailingSink(IFileChunkSink inner, Func<int, CancellationToken, Task> before) : IFileChunkSink
    {
        private int _prepared;

        public IPreparedFileChunk Prepare(FileChunk chunk) => new Step(inner.Prepare(chunk), Interlocked.Increment(ref _prepared), before);

        private sealed class Step(IPreparedFileChunk prepared, int number, Func<int, CancellationToken, Task> before) : IPreparedFileChunk
        {
            public IReadOnlyList<RejectedRow> Refused => prepared.Refused;

            public async Task CommitAsync(CancellationToken cancellationToken)
            {
                await before(number, cancellationToken);
                await prepared.CommitAsync(cancellationToken);
            }
        }
    }
}
