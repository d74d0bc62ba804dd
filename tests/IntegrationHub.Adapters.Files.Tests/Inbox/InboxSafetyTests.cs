using System.Text;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files.Tests.Inbox;

/// <summary>Issue 16, item 1: the inbox reads only regular files it holds itself, within size limits.</summary>
public class InboxSafetyTests
{
    // Only a guard against a hang of the code under test (the old code blocked on a FIFO for ever).
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ScanOnceAsync_SymlinkToSecretFile_RemovesLinkAndReadsNothingOfTheTarget()
    {
        using var folder = new TempFolder();
        var secret = folder.Combine("key-secret.xml");
        await File.WriteAllTextAsync(secret, "no,master\nSECRET-KEY-MATERIAL,SECRET-2\n");
        var run = Scenario.Create(folder);
        var link = folder.Combine("inbox", "orders_link.csv");
        File.CreateSymbolicLink(link, secret);

        Assert.Equal(1, await run.ScanAsync());

        Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null, "the link is still in the inbox");
        Assert.Equal("no,master\nSECRET-KEY-MATERIAL,SECRET-2\n", await File.ReadAllTextAsync(secret));
        Assert.Empty(run.Sink.Chunks);
        AssertNowhere(folder, "SECRET");
        Assert.Contains("symbolic link", await File.ReadAllTextAsync(folder.Combine("failed", "orders_link.csv.errors.csv")), StringComparison.Ordinal);
        var status = run.Watcher.GetStatus();
        Assert.Equal(1, status.Counts["filesRefused"]);
        Assert.Contains("symbolic link", status.LastError, StringComparison.Ordinal);
        Assert.Contains(run.Log.Entries, e => e.EventId == 1110 && e.Message.Contains("orders_link.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanOnceAsync_SymlinkToDevZero_RefusedWithoutReading()
    {
        using var folder = new TempFolder();
        var run = Scenario.Create(folder);
        File.CreateSymbolicLink(folder.Combine("inbox", "orders_zero.csv"), "/dev/zero");
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_ok.csv"), "no\nA\n");

        Assert.Equal(2, await run.ScanAsync());

        Assert.Empty(Directory.GetFileSystemEntries(folder.Combine("inbox")));
        Assert.True(File.Exists(folder.Combine("processed", "orders_ok.csv")));
        Assert.Equal(["A"], run.Sink.Chunks.SelectMany(c => c.Records).Select(r => r.Fields["no"]));
        Assert.Equal(1, run.Watcher.GetStatus().Counts["filesRefused"]);
    }

    [Fact]
    public async Task ScanOnceAsync_LinkToFolderAndDanglingLink_BothRemovedTargetsUntouched()
    {
        using var folder = new TempFolder();
        var run = Scenario.Create(folder);
        var keys = folder.Combine("keys");
        Directory.CreateDirectory(keys);
        await File.WriteAllTextAsync(Path.Combine(keys, "orders_key.csv"), "no\nSECRET\n");
        File.CreateSymbolicLink(folder.Combine("inbox", "orders_dir"), keys);
        File.CreateSymbolicLink(folder.Combine("inbox", "orders_gone.csv"), folder.Combine("nowhere.csv"));
        Directory.CreateDirectory(folder.Combine("inbox", "archive"));

        Assert.Equal(2, await run.ScanAsync());

        Assert.Equal([folder.Combine("inbox", "archive")], Directory.GetFileSystemEntries(folder.Combine("inbox")));
        Assert.True(File.Exists(Path.Combine(keys, "orders_key.csv")));
        Assert.Empty(run.Sink.Chunks);
        AssertNowhere(folder, "SECRET");
        Assert.Equal(2, run.Watcher.GetStatus().Counts["filesRefused"]);
    }

    [Fact]
    public async Task ScanOnceAsync_Fifo_IsSetAsideAndTheOtherFilesAreImported()
    {
        using var folder = new TempFolder();
        var run = Scenario.Create(folder);
        // Sorted before the regular file, so that a reader blocking on it would stop the regular file's import.
        Unix.MakeFifo(folder.Combine("inbox", "orders_0_pipe.csv"));
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_1.csv"), "no\nA\nB\n");

        Assert.Equal(2, await run.ScanAsync());

        Assert.True(File.Exists(folder.Combine("processed", "orders_1.csv")));
        Assert.Equal(["A", "B"], run.Sink.Chunks.SelectMany(c => c.Records).Select(r => r.Fields["no"]));
        Assert.True(File.Exists(folder.Combine("failed", "orders_0_pipe.csv")), "the FIFO was not moved to failed/");
        Assert.Contains("named pipe (FIFO)", await File.ReadAllTextAsync(folder.Combine("failed", "orders_0_pipe.csv.errors.csv")), StringComparison.Ordinal);
        var status = run.Watcher.GetStatus();
        Assert.Equal(1, status.Counts["filesRefused"]);
        Assert.Equal(1, status.Counts["filesImported"]);
        Assert.Contains("FIFO", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanOnceAsync_HardLink_IsARegularFileAndImported()
    {
        // Decision (README): a hard link is the same regular file under a second name, not a link to follow. The
        // kernel lets a user hard-link only files they own or can read and write (fs.protected_hardlinks, on by
        // default), so it reveals nothing its dropper could not read anyway.
        using var folder = new TempFolder();
        var run = Scenario.Create(folder);
        var original = folder.Combine("export-orders.csv");
        await File.WriteAllTextAsync(original, "no\nA\n");
        Unix.HardLink(original, folder.Combine("inbox", "orders_hard.csv"));

        Assert.Equal(1, await run.ScanAsync());

        Assert.True(File.Exists(folder.Combine("processed", "orders_hard.csv")));
        Assert.Equal(["A"], run.Sink.Chunks.SelectMany(c => c.Records).Select(r => r.Fields["no"]));
        Assert.Equal(0, run.Watcher.GetStatus().Counts["filesRefused"]);
    }

    [Fact]
    public async Task ScanOnceAsync_FileOverMaxFileBytes_RefusedWholeToFailed()
    {
        using var folder = new TempFolder();
        var run = Scenario.Create(folder, new FileDropOptions { StableFor = TimeSpan.Zero, MaxFileBytes = 1_000 });
        var rows = string.Concat(Enumerable.Range(0, 200).Select(i => $"R{i:D4}\n"));
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_big.csv"), "no\n" + rows);

        Assert.Equal(1, await run.ScanAsync());

        Assert.Empty(run.Sink.Chunks);
        Assert.True(File.Exists(folder.Combine("failed", "orders_big.csv")));
        Assert.Contains("MaxFileBytes", await File.ReadAllTextAsync(folder.Combine("failed", "orders_big.csv.errors.csv")), StringComparison.Ordinal);
        Assert.Equal(1, run.Watcher.GetStatus().Counts["filesRefused"]);
    }

    [Fact]
    public async Task ScanOnceAsync_LineOverMaxRowBytes_FileToFailedNamingTheLine()
    {
        using var folder = new TempFolder();
        var run = Scenario.Create(folder, new FileDropOptions { StableFor = TimeSpan.Zero, MaxRowBytes = 1_000 });
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_long.csv"), "no\nA\n" + new string('x', 5_000) + "\nB\n");

        Assert.Equal(1, await run.ScanAsync());

        Assert.Empty(run.Sink.Chunks);
        Assert.True(File.Exists(folder.Combine("failed", "orders_long.csv")));
        var report = await File.ReadAllTextAsync(folder.Combine("failed", "orders_long.csv.errors.csv"));
        Assert.Contains("line 3 is longer than Hub:Files:MaxRowBytes", report, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxx", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanOnceAsync_FileNameWithLineBreak_LoggedAsOneEscapedLine()
    {
        // Issue 16, item 22: the name must not start a forged line in the log.
        using var folder = new TempFolder();
        var run = Scenario.Create(folder);
        await File.WriteAllTextAsync(folder.Combine("inbox", "orders_a\nFAKE LINE.csv"), "no\nA\n");

        Assert.Equal(1, await run.ScanAsync());

        Assert.NotEmpty(run.Log.Entries);
        Assert.All(run.Log.Entries, e => Assert.DoesNotMatch("[\r\n]", e.Message));
        Assert.Contains(run.Log.Entries, e => e.EventId == 1101 && e.Message.Contains(@"orders_a\nFAKE LINE.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Escape_ControlCharacters_WrittenAsEscapes()
    {
        Assert.Equal(@"a\nb\r\tc\x1B[31m\\d\u2028e\x85", LogText.Escape("a\nb\r\tc\u001B[31m\\d\u2028e\u0085"));
        Assert.Equal("订单.csv", LogText.Escape("订单.csv"));
        Assert.Equal("(null)", LogText.Escape(null));
    }

    private static void AssertNowhere(TempFolder folder, string secret)
    {
        foreach (var file in Directory.EnumerateFiles(folder.Combine("failed")).Concat(Directory.EnumerateFiles(folder.Combine("processed"))))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file, Encoding.UTF8), StringComparison.Ordinal);
        }
    }

    private sealed record Scenario(FileDropWatcher Watcher, RecordingSink Sink, ListLogger<FileDropWatcher> Log)
    {
        public static Scenario Create(TempFolder folder, FileDropOptions? options = null)
        {
            options = (options ?? new FileDropOptions { StableFor = TimeSpan.Zero }) with
            {
                Inbox = folder.Combine("inbox"),
                Processed = folder.Combine("processed"),
                Failed = folder.Combine("failed"),
            };
            var sink = new RecordingSink();
            var log = new ListLogger<FileDropWatcher>();
            var watcher = new FileDropWatcher("files", options, [new FileSourceBinding("erp-orders", "orders*.csv")], sink, TimeProvider.System, log);
            watcher.EnsureFolders();
            return new Scenario(watcher, sink, log);
        }

        // On its own thread: the old code blocked in open(2) on a FIFO, before its first await.
        public async Task<int> ScanAsync()
        {
            using var guard = new CancellationTokenSource(HangGuard);
            return await Task.Run(() => Watcher.ScanOnceAsync(guard.Token), guard.Token).WaitAsync(guard.Token);
        }
    }
}
