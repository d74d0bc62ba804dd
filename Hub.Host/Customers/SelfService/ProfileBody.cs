using System.Text.Json;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>Reads the JSON body of a profile change or a desk decision, bounded in size and depth.</summary>
internal static class ProfileBody
{
    /// <summary>
    /// The largest body read. A 4,000-character plans note escaped to <c>\uXXXX</c> throughout is 24 KiB, so a
    /// too-long field is still read and refused by name ("values.plans is 10000 characters long") rather than as a body.
    /// </summary>
    public const int MaxBytes = 128 * 1024;

    /// <summary>The body as JSON (an empty body is an empty object), or null and the problem.</summary>
    public static async Task<(JsonElement? Json, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The body is {request.ContentLength} bytes; at most {MaxBytes / 1024} KiB.");
        }

        var buffer = new byte[MaxBytes + 1];
        var length = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (length > MaxBytes)
        {
            return (null, $"The body is longer than {MaxBytes / 1024} KiB.");
        }

        if (length == 0)
        {
            return (JsonDocument.Parse("{}").RootElement.Clone(), null);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 4 });
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not JSON: {ex.Message}");
        }
    }
}
