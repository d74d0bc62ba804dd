using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary><c>Hub:Parts:Export</c> checked at start (issue 24 item 3): a linked, missing or file export folder and an unknown encoding refused at once.</summary>
public sealed class PartsSettingsTests
{
    [Fact]
    public async Task Start_ExportFolderIsALink_AndEncodingUnknown_RefusedTogetherNamingTheSettings()
    {
        var folder = TestHub.NewDataFolder();
        var real = Path.Combine(folder, "erp-real");
        Directory.CreateDirectory(real);
        Directory.CreateSymbolicLink(Path.Combine(folder, "erp-in"), real);

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder, "--Hub:Parts:Export:Folder=erp-in", "--Hub:Parts:Export:Encoding=latin-1"));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith($"Hub:Parts:Export:Folder: {Path.Combine(folder, "erp-in")} is a symbolic link (to {real})", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Parts:Export:Encoding is 'latin-1'; use one of utf-8, utf-8-bom, gb18030", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(real));
    }

    [Theory]
    [InlineData("missing", "does not exist; create it")]
    [InlineData("a-file.txt", "is a file, not a directory")]
    public async Task Start_ExportFolderMissingOrAFile_Refused(string name, string expected)
    {
        var folder = TestHub.NewDataFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "a-file.txt"), "x");

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder, $"--Hub:Parts:Export:Folder={name}"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith($"Hub:Parts:Export:Folder: {Path.Combine(folder, name)} ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
