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
    /// <value>The default value is 50000000 (50 megapixels).</value>
    public long MaxPixels { get; init; } = 50_000_000;
}
