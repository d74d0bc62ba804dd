using System.Collections.Frozen;
using System.Security.Cryptography;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Serves the customer portal's pages (index.html, portal.js, portal.css, embedded in the executable) under
/// <c>/portal/</c>, with the security headers every portal answer carries.
/// </summary>
internal static class PortalPages
{
    // No inline script or style, nothing from another origin, never framed (DESIGN.md, Security).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType, string ETag)> Files = Load();

    public static IEndpointRouteBuilder MapPortalPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Redirect("/portal/")).ExcludeFromDescription();
        // Routing treats /portal and /portal/ alike: both serve the page, whose links are absolute.
        endpoints.MapGet("/portal/{file?}", Serve).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Security headers for the portal's pages and API (registered as middleware for both).</summary>
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/portal") || path.StartsWithSegments("/api/portal") || path == "/")
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
        }

        return next(context);
    });

    private static IResult Serve(HttpContext context, string? file)
    {
        if (!Files.TryGetValue(string.IsNullOrEmpty(file) ? "index.html" : file, out var entry))
        {
            return TypedResults.NotFound();
        }

        // Revalidated on every load, so a new hub version's pages are used at once; unchanged ones cost a 304.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = entry.ETag;
        if (context.Request.Headers.IfNoneMatch == entry.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(entry.Body, entry.ContentType);
    }

    private static FrozenDictionary<string, (byte[] Body, string ContentType, string ETag)> Load()
    {
        var assembly = typeof(PortalPages).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("portal/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var body = buffer.ToArray();
            var fileName = name["portal/".Length..];
            var type = Path.GetExtension(fileName) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[fileName] = (body, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(body), 0, 8) + "\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
