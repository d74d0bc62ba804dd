using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Photos;
using Microsoft.AspNetCore.Http.Features;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// A service report as the phone page sends it: JSON alone, or, with photos, a multipart form whose field
/// <c>report</c> is that JSON and whose files (named <c>photos</c>) are the photos. Both are read with limits before
/// anything is checked or stored: the report's text up to <see cref="MaxReportBytes"/>, photos up to
/// <see cref="MaxPhotos"/> of the photo size limit each.
/// </summary>
internal sealed record ServiceReportUpload(JsonElement Body, IReadOnlyList<IFormFile> Photos)
{
    /// <summary>The largest report text read; a report is at most a few kilobytes of text (photos are not in it).</summary>
    public const int MaxReportBytes = 256 * 1024;

    /// <summary>The most photos one service report carries (issue 24: "up to 3 photos").</summary>
    public const int MaxPhotos = 3;

    /// <summary>The upload, or the problem that refuses it with its HTTP status.</summary>
    public static async Task<(ServiceReportUpload? Upload, DeskError? Problem, int Status)> ReadAsync(
        HttpRequest request, PhotoOptions photoLimits, CancellationToken cancellationToken)
    {
        return request.HasFormContentType
            ? await ReadFormAsync(request, photoLimits, cancellationToken).ConfigureAwait(false)
            : await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(ServiceReportUpload?, DeskError?, int)> ReadFormAsync(HttpRequest request, PhotoOptions photoLimits, CancellationToken cancellationToken)
    {
        // One more photo than allowed is still read, so that a fourth photo is answered as "too many", not "too large".
        var limit = ((MaxPhotos + 1) * photoLimits.MaxBytes) + MaxReportBytes + (64 * 1024);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = limit,
                ValueCountLimit = 8,
                ValueLengthLimit = MaxReportBytes,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, new DeskError("report_too_large",
                $"The report is larger than the hub takes: {MaxReportBytes} bytes of report text and up to {MaxPhotos} photos of {photoLimits.MaxBytes} bytes each."),
                StatusCodes.Status413PayloadTooLarge);
        }

        if (form["report"].ToString() is not { Length: > 0 } text)
        {
            return (null, new DeskError("missing_field", "The form has no field 'report': send the report's JSON in it, and the photos as files named photos."),
                StatusCodes.Status400BadRequest);
        }

        var (body, problem) = Parse(System.Text.Encoding.UTF8.GetBytes(text));
        return problem is null
            ? (new ServiceReportUpload(body, [.. form.Files]), null, StatusCodes.Status200OK)
            : (null, problem, StatusCodes.Status400BadRequest);
    }

    private static async Task<(ServiceReportUpload?, DeskError?, int)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxReportBytes)
        {
            return (null, TooLarge(request.ContentLength.Value), StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxReportBytes)
            {
                return (null, TooLarge(buffer.Length), StatusCodes.Status413PayloadTooLarge);
            }
        }

        var (body, problem) = Parse(buffer.ToArray());
        return problem is null
            ? (new ServiceReportUpload(body, []), null, StatusCodes.Status200OK)
            : (null, problem, StatusCodes.Status400BadRequest);
    }

    private static (JsonElement Body, DeskError? Problem) Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, new DeskError("invalid_json", $"The report is not JSON: {e.Message}"));
        }
    }

    private static DeskError TooLarge(long bytes) =>
        new("report_too_large", $"The report is {bytes} bytes or more; the limit is {MaxReportBytes} bytes (work done up to {ServiceReportReader.MaxWorkDoneLength} characters, {ServiceReportReader.MaxParts} part lines).");
}
