using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Customers.SelfService;

/// <summary><c>Hub:Customers</c> checked at start (issue 23 item 3): a linked or missing export folder, an unknown encoding and a pending limit out of range refused at once.</summary>
public sealed class CustomersSettingsTests
{
    [Fact]
    public async Task Start_ExportFolderIsALink_EncodingUnknown_LimitOutOfRange_RefusedTogetherNamingTheSettings()
    {
        var folder = TestHub.NewDataFolder();
        var real = Path.Combine(folder, "erp-real");
        Directory.CreateDirectory(real);
        Directory.CreateSymbolicLink(Path.Combine(folder, "erp-customers"), real);

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder,
            "--Hub:Customers:Export:Folder=erp-customers", "--Hub:Customers:Export:Encoding=latin-1", "--Hub:Customers:SelfService:MaxPendingChanges=0"));

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith($"Hub:Customers:Export:Folder: {Path.Combine(folder, "erp-customers")} is a symbolic link (to {real})", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Customers:Export:Encoding is 'latin-1'; use one of utf-8, utf-8-bom, gb18030", StringComparison.Ordinal));
        Assert.Contains("Hub:Customers:SelfService:MaxPendingChanges is 0; use 1 to 1000.", ex.Errors);
        Assert.Empty(Directory.GetFiles(real));
    }

    [Fact]
    public async Task Start_ExportFolderMissing_Refused()
    {
        var folder = TestHub.NewDataFolder();

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder, "--Hub:Customers:Export:Folder=missing"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith($"Hub:Customers:Export:Folder: {Path.Combine(folder, "missing")} does not exist; create it", error, StringComparison.Ordinal);
    }
}
