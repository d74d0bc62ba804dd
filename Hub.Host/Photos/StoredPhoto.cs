namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// A photo as stored: <see cref="Id"/> is the SHA-256 of the stored bytes (after metadata was stripped), in lower-case
/// hex, so the same picture sent twice is one file. Width and height are the header's.
/// </summary>
internal sealed record StoredPhoto(string Id, PhotoFormat Format, int Width, int Height, long Length)
{
    /// <summary>The media type to serve it with.</summary>
    public string ContentType => ContentTypeOf(Format);

    /// <summary>The file name it has in the photo folder.</summary>
    public string FileName => $"{Id}{Extension(Format)}";

    public static string ContentTypeOf(PhotoFormat format) => format == PhotoFormat.Png ? "image/png" : "image/jpeg";

    public static string Extension(PhotoFormat format) => format == PhotoFormat.Png ? ".png" : ".jpg";

    /// <summary>Whether <paramref name="id"/> has the shape of a photo id (64 lower-case hex digits): anything else
    /// never reaches the file system.</summary>
    public static bool IsId(string? id) => id is { Length: 64 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
