using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Labels;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Cli;

/// <summary><c>hub equipment labels</c>: one QR sticker per machine of the customer, opening its portal page (issue 24 item 1).</summary>
public sealed partial class EquipmentCommandTests
{
    [Fact]
    public async Task Labels_Png_ZbarimgReadsOneLinkPerMachineOfThatCustomerOnly()
    {
        await using var hub = await TestHub.StartAsync(TestStore.Sqlite);
        await SeedAsync(hub);
        var file = Path.Combine(hub.DataFolder, "labels.png");

        var (code, output, error) = await hub.RunCommandAsync("equipment", "labels", "--customer", "C001", "--base-url", "https://service.example.com/", "--to", file);

        Assert.True(code == 0, error);
        Assert.Contains("3 label(s) of customer C001", output, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(file);
        var links = await ZbarImg.DecodeAsync(bytes);
        Assert.Equal(
            ["https://service.example.com/portal/#/equipment/EQ-C001-01", "https://service.example.com/portal/#/equipment/EQ-C001-02", "https://service.example.com/portal/#/equipment/EQ-C001-03"],
            links.Order(StringComparer.Ordinal));
        // The sheet is a well-formed PNG by the photo intake's own reader (CRCs, sizes, image data).
        var check = PngCleaner.Clean(bytes, long.MaxValue, "labels.png");
        Assert.Equal(1240, check.Width);
    }

    [Fact]
    public async Task Labels_Pdf_OnePageWithEachMachineAndAValidCrossReference()
    {
        await using var hub = await TestHub.StartAsync(TestStore.Sqlite);
        await SeedAsync(hub);
        var file = Path.Combine(hub.DataFolder, "labels.pdf");

        var (code, _, error) = await hub.RunCommandAsync("equipment", "labels", "--customer", "C001", "--base-url", "https://service.example.com", "--to", file);

        Assert.True(code == 0, error);
        var pdf = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
        Assert.StartsWith("%PDF-1.4", pdf, StringComparison.Ordinal);
        Assert.Contains("(EQ-C001-01) Tj", pdf, StringComparison.Ordinal);
        Assert.Contains("(CNC-5X \\(rev. 2\\)) Tj", pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("EQ-C002", pdf, StringComparison.Ordinal);
        Assert.Contains("/Count 1", pdf, StringComparison.Ordinal);
        // Every cross-reference entry points at its object's first byte.
        var start = int.Parse(StartXref().Match(pdf).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entries = XrefEntry().Matches(pdf[start..]);
        Assert.Equal(5, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var offset = int.Parse(entries[i].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"{i + 1} 0 obj", pdf[offset..], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--customer", "C009", "--base-url", "https://service.example.com", "no installed equipment")]
    [InlineData("--customer", "C001", "--base-url", "javascript:alert(1)", "--base-url https://")]
    [InlineData("--customer", "C001", "--base-url", "https://service.example.com/?x=1", "without query")]
    [InlineData("--base-url", "https://service.example.com", "--to", "x.pdf", "--customer C001")]
    [InlineData("--customer", "C001", "--base-url", "https://service.example.com", "--to", "labels.svg", "must end in .pdf or .png")]
    public async Task Labels_BadArguments_RefusedWithWhatToDo(params string[] argsAndMessage)
    {
        await using var hub = await TestHub.StartAsync(TestStore.Sqlite);
        await SeedAsync(hub);

        var (code, output, error) = await hub.RunCommandAsync(["equipment", "labels", .. argsAndMessage[..^1]]);

        Assert.NotEqual(0, code);
        Assert.Contains(argsAndMessage[^1], output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_FileExistsOrLinkPlanted_NotOverwritten()
    {
        await using var hub = await TestHub.StartAsync(TestStore.Sqlite);
        await SeedAsync(hub);
        var victim = Path.Combine(hub.DataFolder, "victim.txt");
        await File.WriteAllTextAsync(victim, "precious");
        var link = Path.Combine(hub.DataFolder, "labels.pdf");
        File.CreateSymbolicLink(link, victim);

        var (code, _, error) = await hub.RunCommandAsync("equipment", "labels", "--customer", "C001", "--base-url", "https://service.example.com", "--to", link);

        Assert.NotEqual(0, code);
        Assert.Contains("exists already", error, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
    }

    internal static async Task SeedAsync(TestHub hub)
    {
        var stamp = new SourceStamp("erp-test", new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), "seed");
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [
                new CanonicalChange(new Customer { Code = "C001", Name = "Suzhou Packaging", Tier = CustomerTier.Gold }, stamp),
                new CanonicalChange(new Customer { Code = "C002", Name = "Ningbo Foods" }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-C001-01", CustomerCode = "C001", Model = "CNC-5X (rev. 2)" }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-C001-02", CustomerCode = "C001", Model = "Press 200t" }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-C001-03", CustomerCode = "C001" }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-C002-01", CustomerCode = "C002" }, stamp),
            ],
            [],
            CancellationToken.None);
    }

    [GeneratedRegex(@"startxref\n(\d+)\n")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"(\d{10}) 00000 n \n")]
    private static partial Regex XrefEntry();
}
