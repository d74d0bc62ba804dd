using System.Buffers.Binary;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Photos;

/// <summary>Review of session 24, item 1: the inflate work one PNG may ask for is bounded in bytes, and no photo is
/// written when the data disk is below its floor.</summary>
public sealed class PhotoWorkBoundsTests
{
    [Fact]
    public void PngHeader_SixteenBitRgbaWithinThePixelBudget_RefusedByTheInflateBudget_EightBitTaken()
    {
        // 2000 x 2000 = 4 megapixels, inside a 4-megapixel budget; at 16-bit RGBA that is 32 MB to inflate, twice 4 x 4 MP.
        var error = Assert.Throws<PhotoRejectedException>(() => PngHeader.Read(Ihdr(2000, 2000, depth: 16, colour: 6), 4_000_000, "wide.png"));
        Assert.Equal(PhotoProblem.TooManyPixels, error.Problem);
        Assert.Contains("at most 16002000 bytes", error.Message, StringComparison.Ordinal);

        var header = PngHeader.Read(Ihdr(2000, 2000, depth: 8, colour: 6), 4_000_000, "fine.png");
        Assert.Equal(2000L * ((2000 * 4) + 1), header.RawSize());
    }

    [Fact]
    public void Defaults_PixelBudgetLowered_SoOnePhotoInflatesAtMost96MB()
    {
        var defaults = new PhotoOptions();
        Assert.Equal(24_000_000, defaults.MaxPixels);
        Assert.Equal(1024L * 1024 * 1024, defaults.MinFreeDiskBytes);
        // The old worst case: 50 MP declared as 16-bit RGBA, 400 MB inflated. Now refused by its header alone.
        Assert.Throws<PhotoRejectedException>(() => PngHeader.Read(Ihdr(7072, 7072, depth: 16, colour: 6), defaults.MaxPixels, "bomb.png"));
    }

    [Fact]
    public async Task AcceptAsync_DiskBelowTheFloor_RefusedAsDiskFull_AndNothingWritten()
    {
        var data = TestHub.NewDataFolder();
        var folder = Path.Combine(data, PhotoIntake.FolderName);
        var intake = new PhotoIntake(new PhotoOptions { MinFreeDiskBytes = long.MaxValue / 2 }, folder, NullLogger<PhotoIntake>.Instance);
        try
        {
            using var content = new MemoryStream(TestImages.Png());
            var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => intake.AcceptAsync(content, "a.png", PhotoOwner.Customer("C1"), CancellationToken.None));

            Assert.Equal(PhotoProblem.DiskFull, error.Problem);
            Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static byte[] Ihdr(uint width, uint height, byte depth, byte colour)
    {
        var body = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(body, width);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), height);
        body[8] = depth;
        body[9] = colour;
        return body;
    }
}
