using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 19 item 4: a first start on an empty data folder lays it out (mappings/, rules/, notifications/ with a README
/// each) and runs, instead of refusing because mappings/ is missing; what exists is never touched.
/// </summary>
public sealed class DataFolderLayoutTests
{
    [Fact]
    public async Task FirstStart_EmptyDataFolder_FoldersAndReadmesMade_HubRuns_Logged()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hub-empty-" + Guid.NewGuid().ToString("N"));

        await using var hub = await TestHub.StartInAsync(folder);

        foreach (var made in new[] { "mappings", "rules", "notifications" })
        {
            var readme = await File.ReadAllTextAsync(Path.Combine(folder, made, "README.md"));
            Assert.StartsWith("# ", readme, StringComparison.Ordinal);
        }

        Assert.Contains("drop ERP/WMS/MES exports here", await File.ReadAllTextAsync(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "inbox", "README.md")));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1007 && e.Message.Contains(Path.Combine(folder, "mappings"), StringComparison.Ordinal));
        using var health = await hub.Client.GetAsync("/health/live");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Start_FoldersThere_NothingWrittenOrLogged_AReadmeOfTheirsKept()
    {
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        await File.WriteAllTextAsync(Path.Combine(folder, "mappings", "README.md"), "ours");

        await using var hub = await TestHub.StartInAsync(folder);

        Assert.Equal("ours", await File.ReadAllTextAsync(Path.Combine(folder, "mappings", "README.md")));
        Assert.False(File.Exists(Path.Combine(folder, "rules", "README.md")));
        Assert.False(File.Exists(Path.Combine(folder, "README.md")));
        // notifications/ alone was missing.
        Assert.True(File.Exists(Path.Combine(folder, "notifications", "README.md")));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1007 && !e.Message.Contains("mappings", StringComparison.Ordinal));
    }
}
