namespace IntegrationHub.Hub.Host.Photos;

/// <summary>Why a photo was refused; <see cref="PhotoRejectedException.Problem"/> carries it so callers answer by kind.</summary>
internal enum PhotoProblem
{
    /// <summary>More bytes than <see cref="PhotoOptions.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>Neither a JPEG nor a PNG by its first bytes, whatever its name says (an HTML page named .jpg, a GIF).</summary>
    UnsupportedType,

    /// <summary>Its header declares more pixels than <see cref="PhotoOptions.MaxPixels"/>, or its compressed rows
    /// inflate beyond what the header declares (a decompression bomb).</summary>
    TooManyPixels,

    /// <summary>It starts like a JPEG or a PNG but breaks the format (truncated, a bad chunk CRC, a segment past the end).</summary>
    Malformed,

    /// <summary>The photo folder, or the place the photo would be written, is a link or not a regular file: nothing was written.</summary>
    StorageRefused,

    /// <summary>The data disk has less free space than <see cref="PhotoOptions.MinFreeDiskBytes"/>: nothing was written.</summary>
    DiskFull,
}
