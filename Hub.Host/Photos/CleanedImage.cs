namespace IntegrationHub.Hub.Host.Photos;

/// <summary>A picture checked and stripped of its metadata by <see cref="JpegCleaner"/> or <see cref="PngCleaner"/>.</summary>
internal sealed record CleanedImage(PhotoFormat Format, int Width, int Height, byte[] Bytes);
