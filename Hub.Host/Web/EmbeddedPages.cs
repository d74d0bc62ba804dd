using System.Collections.Frozen;
using System.Security.Cryptography;

namespace IntegrationHub.Hub.Host.Web;

/// <summary>
/// Serves the hub's pages, embedded in the executable so that an install is one folder and no page can go missing:
/// the customer portal under <c>/portal/</c>, the service desk under <c>/desk/</c> and the engineer's phone page under <c>/field/</c>, each an index.html with its
/// script and style sheet; and the security headers that every page and page API answer carries.
/// </summary>
internal static class EmbeddedPages
{
    // No inline script or style, nothing from another origin, never framed (DESIGN.md, Security).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly string[] Areas = ["portal", "desk", "field"];

    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType, string ETag)> Files = Load();

    public static IEndpointRouteBuilder MapEmbeddedPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Redirect("/portal/")).ExcludeFromDescription();
        foreach (var area in Areas)
        {
            // Routing treats /portal and /portal/ alike: both serve the page, whose links are absolute.
            endpoints.MapGet($"/{area}/{{file?}}", (HttpContext context, string? file) => Serve(context, area, file)).ExcludeFromDescription();
        }

        return endpoints;
    }

    public static IApplicationBuilder UsePageSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        if (path == "/" || Areas.Any(a => path.StartsWithSegments("/" + a) || path.StartsWithSegments("/api/" + a)))
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

    private static IResult Serve(HttpContext context, string area, string? file)
    {
        if (!Files.TryGetValue($"{area}/{(string.IsNullOrEmpty(file) ? "index.html" : file)}", out var entry))
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
        var assembly = typeof(EmbeddedPages).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("pages/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var body = buffer.ToArray();
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[name["pages/".Length..]] = (body, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(body), 0, 8) + "\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
