using System.Text;
using IntegrationHub.Hub.Host.Labels;

namespace IntegrationHub.Hub.Host.Tests.Labels;

/// <summary>The QR encoder of the machine labels, read back by a real decoder (zbarimg) and pinned to published codewords.</summary>
public sealed class QrCodeTests
{
    [Fact]
    public void Remainder_HelloWorld1M_MatchesThePublishedErrorCorrection()
    {
        // The data codewords of "HELLO WORLD" at 1-M (alphanumeric) and their 10 error correction codewords, as worked
        // through in the widely used QR code tutorial (thonky.com, "Error Correction Coding"): golden bytes, not a round trip.
        byte[] data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];

        var ecc = QrReedSolomon.Remainder(data, QrReedSolomon.Generator(10));

        Assert.Equal([196, 35, 39, 119, 235, 215, 231, 226, 93, 23], ecc);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(14, 1)]
    [InlineData(60, 4)]
    [InlineData(100, 6)]
    [InlineData(150, 8)]
    [InlineData(213, 10)]
    public async Task Encode_LinksOfManyLengths_ZbarimgReadsThemBack(int length, int version)
    {
        var link = "https://service.example.com/portal/#/equipment/EQ-" + string.Concat(Enumerable.Range(0, length).Select(i => (char)('A' + (i % 26))));
        link = link[..length];

        var code = QrCode.Encode(Encoding.UTF8.GetBytes(link));
        var decoded = await ZbarImg.DecodeAsync(LabelPngWriter.Write([(new MachineLabel("EQ-1", null, link), code)]));

        Assert.Equal(version, code.Version.Number);
        Assert.Equal([link], decoded);
    }

    [Fact]
    public async Task Encode_EveryMask_ZbarimgReadsEach()
    {
        // Different texts land on different masks; each mask's format bits must be right for the decoder.
        var masks = new Dictionary<int, string>();
        for (var i = 0; masks.Count < 8 && i < 400; i++)
        {
            var text = $"https://hub.test/portal/#/equipment/EQ-C{i:D3}-01";
            masks.TryAdd(QrCode.Encode(Encoding.UTF8.GetBytes(text)).Mask, text);
        }

        Assert.True(masks.Count >= 4, $"only masks {string.Join(",", masks.Keys)} were chosen");
        foreach (var text in masks.Values)
        {
            var code = QrCode.Encode(Encoding.UTF8.GetBytes(text));
            Assert.Equal([text], await ZbarImg.DecodeAsync(LabelPngWriter.Write([(new MachineLabel("x", null, text), code)])));
        }
    }

    [Fact]
    public void Encode_MoreThanVersion10Holds_RefusedWithTheLimit()
    {
        var error = Assert.Throws<ArgumentException>(() => QrCode.Encode(new byte[214]));

        Assert.Contains("at most 213", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_Utf8Bytes_ReadBackAsTheSameText()
    {
        const string link = "https://hub.test/portal/#/equipment/%E8%AE%BE%E5%A4%87-01";

        var decoded = await ZbarImg.DecodeAsync(LabelPngWriter.Write([(new MachineLabel("x", null, link), QrCode.Encode(Encoding.UTF8.GetBytes(link)))]));

        Assert.Equal([link], decoded);
    }
}
