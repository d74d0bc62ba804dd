namespace IntegrationHub.Hub.Host.Photos;

/// <summary>The error codes a refused photo is answered with (<c>photo_</c> and the kind), the same on every page that takes photos.</summary>
internal static class PhotoProblemCodes
{
    /// <summary>The answer's error code, e.g. <c>photo_unsupported_type</c>.</summary>
    public static string Of(PhotoProblem problem) => "photo_" + problem switch
    {
        PhotoProblem.TooLarge => "too_large",
        PhotoProblem.UnsupportedType => "unsupported_type",
        PhotoProblem.TooManyPixels => "too_many_pixels",
        PhotoProblem.Malformed => "malformed",
        PhotoProblem.DiskFull => "disk_full",
        _ => "not_stored",
    };

    /// <summary>The HTTP status: the sender's fault (400), or the hub's folder refused to store it or its disk is too full (503).</summary>
    public static int StatusOf(PhotoProblem problem) =>
        problem is PhotoProblem.StorageRefused or PhotoProblem.DiskFull ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
}
