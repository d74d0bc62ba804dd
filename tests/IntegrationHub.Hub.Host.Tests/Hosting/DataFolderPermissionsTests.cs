using System.Runtime.InteropServices;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>Issue 16, item 21: the data folder and its files are the hub user's alone, whatever the umask.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class DataFolderPermissionsTests
{
    private const UnixFileMode GroupWriteAndOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
    private const UnixFileMode GroupAndOthers = GroupWriteAndOthers | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    [Fact]
    public async Task Start_Umask022_DataFolderAndItsFilesArePrivate()
    {
        // 022 is the usual default; set it so the test means the same on every machine (the process's umask only
        // decides the modes of what is created, so other tests are not affected by it).
        _ = umask(0b000_010_010);
        await using var hub = await TestHub.StartAsync();
        await hub.DropAsync("order_lines.csv", "OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt\nSO-1,x,I,D,1,PCS,1,Open,2025-10-01 09:00:00\n");
        await hub.WaitForInboxEmptyAsync();
        // The cookie-signing key ring is made on first use; it is kept in hub.db since issue 18 (item 1's link leaked
        // its key file when it lived in keys/).
        Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(hub.Services).CreateProtector("test"),
            "x");

        var folders = new[] { hub.DataFolder, Path.Combine(hub.DataFolder, "processed"), Path.Combine(hub.DataFolder, "failed") };
        Assert.All(folders, f => Assert.True((File.GetUnixFileMode(f) & GroupWriteAndOthers) == 0, $"{f} is {File.GetUnixFileMode(f)}"));
        string[] files =
        [
            Path.Combine(hub.DataFolder, "hub.db"),
            .. new[] { "hub.db-wal", "hub.db-shm" }.Select(f => Path.Combine(hub.DataFolder, f)).Where(File.Exists),
            .. Directory.GetFiles(Path.Combine(hub.DataFolder, "failed")),
        ];
        Assert.True(await hub.CountAsync("SELECT count(*) FROM data_protection_keys") >= 1, "the key ring is not in hub.db");
        Assert.Contains(files, f => f.EndsWith(".errors.csv", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("hub.db-wal", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & GroupAndOthers) == 0, $"{f} is {File.GetUnixFileMode(f)}"));
    }

#pragma warning disable SYSLIB1054 // blittable: nothing to generate
    [DllImport("libc")]
    private static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054
}
