using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/demo-postgresql.sh refuses a data folder whose postgresql/ it did not make, naming why, and changes nothing
/// in it (issue 17 item 4: "a clear error, nothing deleted").
/// </summary>
public sealed class DemoPostgreSqlFolderTests
{
    [Fact]
    public async Task Start_OnAFolderThatIsNotACluster_FailsNamingIt_AndDeletesNothing()
    {
        await using var folder = new DemoDataFolder();
        Directory.CreateDirectory(folder.Cluster);
        var notes = Path.Combine(folder.Cluster, "notes.txt");
        await File.WriteAllTextAsync(notes, "someone's files");

        var run = await folder.StartAsync(LoopbackPort.GetFree());

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{folder.Cluster} is not empty and is not a PostgreSQL cluster (it has no PG_VERSION). Nothing was changed or deleted.", run.Error, StringComparison.Ordinal);
        Assert.Equal([notes], Directory.GetFileSystemEntries(folder.Cluster));
        Assert.Equal("someone's files", await File.ReadAllTextAsync(notes));
        Assert.False(File.Exists(folder.PasswordFile));
    }

    [Fact]
    public async Task Start_OnAClusterOfAMajorVersionNotInstalled_FailsNamingBothVersions_AndDeletesNothing()
    {
        await using var folder = new DemoDataFolder();
        Directory.CreateDirectory(Path.Combine(folder.Cluster, "base"));
        await File.WriteAllTextAsync(Path.Combine(folder.Cluster, "PG_VERSION"), "9.6\n");
        await File.WriteAllTextAsync(Path.Combine(folder.Cluster, "base", "16384"), "rows");
        await File.WriteAllTextAsync(folder.PasswordFile, "old-password");
        var before = Snapshot(folder.Path);

        var run = await folder.StartAsync(LoopbackPort.GetFree());

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{folder.Cluster} holds a PostgreSQL 9.6 cluster, and this machine has PostgreSQL ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed or deleted.", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(folder.Path));
    }

    private static string[] Snapshot(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => f + "=" + File.ReadAllText(f))];
}
