namespace IntegrationHub.Hub.Host.Photos;

/// <summary>The limits of one photo: bytes as sent, and pixels as its header declares them.</summary>
internal sealed record PhotoOptions
{
    /// <summary>The largest photo accepted, in bytes as sent (before metadata is stripped).</summary>
    /// <value>The default value is 10485760 (10 MiB): a 12-megapixel phone photo is 2 to 5 MiB.</value>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// The most pixels (width times height, from the JPEG frame header or the PNG IHDR chunk) a photo may declare. A
    /// small file can declare a huge picture that takes gigabytes to decode (a decompression bomb): such a photo is
    /// refused before anything decodes it.
    /// </summary>
    /// <value>The default value is 24000000 (24 megapixels: a 12-megapixel phone photo, 4032 x 3024, with room to spare;
    /// a 48-megapixel full-resolution shot is refused). A PNG's image data is also refused when it would inflate to more
    /// than 4 bytes a pixel of this budget (96 MB at the default): that bounds the inflate work per photo, where a
    /// 16-bit RGBA header of 50 megapixels allowed 400 MB.</value>
    public long MaxPixels { get; init; } = 24_000_000;

    /// <summary>
    /// The free space the data disk must keep: a photo that would leave less is refused (503, <c>photo_disk_full</c>) and
    /// event 2390 is logged, so photos never fill the disk the store writes to.
    /// </summary>
    /// <value>The default value is 1073741824 (1 GiB).</value>
    public long MinFreeDiskBytes { get; init; } = 1024L * 1024 * 1024;
}
