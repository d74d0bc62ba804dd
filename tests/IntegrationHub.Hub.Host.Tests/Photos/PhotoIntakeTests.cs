using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Photos;

/// <summary>Issue 24: photos are sniffed from their bytes, bounded in size and pixels, stripped of metadata, and stored by content hash.</summary>
public sealed class PhotoIntakeTests : IDisposable
{
    private readonly string _folder = Path.Combine(TestHub.NewDataFolder(), PhotoIntake.FolderName);
    private readonly PhotoIntake _intake;

    public PhotoIntakeTests() => _intake = new PhotoIntake(new PhotoOptions { MaxBytes = 64 * 1024, MaxPixels = 4_000_000 }, _folder, NullLogger<PhotoIntake>.Instance);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public async Task AcceptAsync_JpegWithExifGps_GpsBytesGoneAndStoredUnderItsHash()
    {
        var original = TestImages.Jpeg(exif: true);
        Assert.True(Contains(original, TestImages.GpsMarker));

        var photo = await AcceptAsync(original, "IMG_0001.JPG");

        var stored = await File.ReadAllBytesAsync(_intake.PathOf(photo.Id, photo.Format));
        Assert.False(Contains(stored, TestImages.GpsMarker), "the GPS position is still in the stored photo");
        Assert.False(Contains(stored, "Exif"u8.ToArray()));
        Assert.True(Contains(stored, "JFIF"u8.ToArray()), "the JFIF segment decoding may need was removed");
        Assert.Equal(TestImages.Jpeg(exif: false), stored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), photo.Id);
        Assert.Equal((PhotoFormat.Jpeg, 16, 16, "image/jpeg"), (photo.Format, photo.Width, photo.Height, photo.ContentType));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_intake.PathOf(photo.Id, photo.Format)));
        }
    }

    [Fact]
    public async Task AcceptAsync_PngRenamedJpg_StoredAsThePngItIs()
    {
        var photo = await AcceptAsync(TestImages.Png(), "photo.jpg");

        Assert.Equal(PhotoFormat.Png, photo.Format);
        Assert.Equal("image/png", photo.ContentType);
        Assert.EndsWith(".png", _intake.PathOf(photo.Id, photo.Format), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!doctype html><html><script>alert(document.cookie)</script></html>")]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000")]
    [InlineData("")]
    public async Task AcceptAsync_NotJpegOrPngNamedJpg_RefusedAsUnsupportedAndNothingStored(string content)
    {
        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(Encoding.UTF8.GetBytes(content), "cat.jpg"));

        Assert.Equal(PhotoProblem.UnsupportedType, error.Problem);
        Assert.Contains("'cat.jpg'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task AcceptAsync_JpegPolyglotWithHtmlInCommentAndAfterEnd_BothStripped()
    {
        var polyglot = TestImages.Jpeg(comment: true, trailer: "<html><body onload=alert(1)>PK\u0003\u0004"u8.ToArray());

        var photo = await AcceptAsync(polyglot, "polyglot.jpg");

        var stored = await File.ReadAllBytesAsync(_intake.PathOf(photo.Id, photo.Format));
        Assert.False(Contains(stored, "<html>"u8.ToArray()));
        Assert.False(Contains(stored, "<html><body"u8.ToArray()));
        Assert.Equal([0xFF, 0xD9], stored[^2..]);
    }

    [Theory]
    [InlineData(50_000, 50_000)]
    [InlineData(2_001, 2_000)]
    public async Task AcceptAsync_PngDeclaringMorePixelsThanTheLimit_RefusedBeforeDecoding(int width, int height)
    {
        // A few hundred bytes that declare a picture of gigabytes: the header alone refuses it.
        var bomb = TestImages.Png(width, height, inflatedRows: 1);
        Assert.True(bomb.Length < 2_000);

        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(bomb, "bomb.png"));

        Assert.Equal(PhotoProblem.TooManyPixels, error.Problem);
        Assert.Contains($"{width} x {height}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_JpegDeclaringMorePixelsThanTheLimit_Refused()
    {
        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(TestImages.Jpeg(declaredWidth: 65_000, declaredHeight: 65_000), "bomb.jpg"));

        Assert.Equal(PhotoProblem.TooManyPixels, error.Problem);
    }

    [Fact]
    public async Task AcceptAsync_PngWhoseDataInflatesPastItsHeader_RefusedAsABomb()
    {
        // The header says 4 x 4; the image data inflates to 100,000 rows.
        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(TestImages.Png(4, 4, inflatedRows: 100_000), "zip-bomb.png"));

        Assert.Equal(PhotoProblem.TooManyPixels, error.Problem);
        Assert.Contains("more image data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_OverTheSizeLimit_RefusedAsTooLarge()
    {
        var large = TestImages.Png(extra: [("pHYs", new byte[9]), ("tEXt", new byte[70 * 1024])]);

        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(large, "large.png"));

        Assert.Equal(PhotoProblem.TooLarge, error.Problem);
        Assert.Contains("65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_PngTextExifAndTimeChunks_DroppedAndPixelChunksKept()
    {
        var secret = "Author\0Zhang Wei, GPS 31.2304N"u8.ToArray();
        var png = TestImages.Png(extra: [("tEXt", secret), ("eXIf", [.. "MM\0*"u8, .. TestImages.GpsMarker]), ("tIME", [7, 234, 12, 7, 20, 0, 0]), ("pHYs", [0, 0, 11, 19, 0, 0, 11, 19, 1]), ("zzZz", [1, 2, 3])]);

        var photo = await AcceptAsync(png, "scan.png");

        var stored = await File.ReadAllBytesAsync(_intake.PathOf(photo.Id, photo.Format));
        Assert.False(Contains(stored, secret));
        Assert.False(Contains(stored, TestImages.GpsMarker));
        Assert.False(Contains(stored, "tIME"u8.ToArray()));
        Assert.False(Contains(stored, "zzZz"u8.ToArray()));
        Assert.True(Contains(stored, "pHYs"u8.ToArray()));
        Assert.Equal(TestImages.Png(extra: [("pHYs", [0, 0, 11, 19, 0, 0, 11, 19, 1])]), stored);
    }

    [Fact]
    public async Task AcceptAsync_BrokenFiles_RefusedAsMalformedWithWhere()
    {
        var badCrc = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(TestImages.Png(badCrc: true), "crc.png"));
        var jpeg = TestImages.Jpeg();
        var truncated = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(jpeg[..(jpeg.Length - 10)], "cut.jpg"));
        var unknownCritical = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(TestImages.Png(extra: [("ABCD", [1])]), "odd.png"));

        Assert.Equal(PhotoProblem.Malformed, badCrc.Problem);
        Assert.Contains("CRC of its IHDR chunk", badCrc.Message, StringComparison.Ordinal);
        Assert.Equal(PhotoProblem.Malformed, truncated.Problem);
        Assert.Contains("not a valid JPEG", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("critical chunk ABCD", unknownCritical.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_SamePictureTwice_OneFile()
    {
        var first = await AcceptAsync(TestImages.Jpeg(exif: true), "a.jpg");
        var second = await AcceptAsync(TestImages.Jpeg(exif: false), "b.jpg");

        Assert.Equal(first, second);
        Assert.Single(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AcceptAsync_LinkPlantedWherePhotoWouldBeWritten_RefusedAndLinkTargetUntouched()
    {
        var jpeg = TestImages.Jpeg(width: 24);
        var id = Convert.ToHexStringLower(SHA256.HashData(jpeg));
        var victim = Path.Combine(Path.GetDirectoryName(_folder)!, "victim.txt");
        await File.WriteAllTextAsync(victim, "precious");
        Directory.CreateDirectory(Path.Combine(_folder, id[..2]));
        File.CreateSymbolicLink(_intake.PathOf(id, PhotoFormat.Jpeg), victim);

        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(jpeg, "x.jpg"));

        Assert.Equal(PhotoProblem.StorageRefused, error.Problem);
        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
        Assert.Null(_intake.OpenRead(id, PhotoFormat.Jpeg));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, id[..2]), "*.tmp"));
    }

    [Fact]
    public async Task AcceptAsync_PhotoFolderIsALink_Refused()
    {
        var elsewhere = Path.Combine(Path.GetDirectoryName(_folder)!, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateSymbolicLink(_folder, elsewhere);

        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync(TestImages.Jpeg(), "x.jpg"));

        Assert.Equal(PhotoProblem.StorageRefused, error.Problem);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void OpenRead_NotAStoredPhotoId_Null(string id) => Assert.Null(_intake.OpenRead(id, PhotoFormat.Jpeg));

    [Fact]
    public async Task AcceptAsync_ControlCharactersInDeclaredName_EscapedInTheMessage()
    {
        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => AcceptAsync("nope"u8.ToArray(), "evil\r\nX-Injected: 1\u001b[31m.jpg"));

        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
    }

    private async Task<StoredPhoto> AcceptAsync(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes);
        return await _intake.AcceptAsync(stream, name, PhotoOwner.Customer("C001"), CancellationToken.None);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
