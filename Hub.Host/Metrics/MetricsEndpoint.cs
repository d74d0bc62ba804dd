using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// <c>GET /metrics</c> in Prometheus's text format, for a scraper that sends <c>Hub:Metrics:Token</c> as
/// <c>Authorization: Bearer</c> (issue 19 item 2). A middleware ahead of authentication rather than an endpoint: the
/// portal's authentication would take the metrics token for a wrong portal token and count every scrape against the
/// scraper's address (issue 16 item 26), and would look it up in the store each time.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    // Prometheus's text exposition format 0.0.4; Prometheus 2.x asks for it (or OpenMetrics, which it falls back from).
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IApplicationBuilder UseHubMetrics(this IApplicationBuilder app, MetricsOptions options)
    {
        // Enabled without a token: HubStartup refuses the settings (MetricsOptionsValidator) before the server starts.
        if (!options.Enabled || string.IsNullOrEmpty(options.Token))
        {
            return app;
        }

        var services = app.ApplicationServices;
        // Listening from here, before the hosted services start: a ticket counted at start is not lost.
        var exporter = services.GetRequiredService<MetricsExporter>();
        services.GetRequiredService<AdapterInstruments>();
        // The store's parts at the first scrape, once HubStartup has checked the settings and migrated the store.
        var figures = new Lazy<StoreFigures>(services.GetRequiredService<StoreFigures>);
        var logger = services.GetRequiredService<ILogger<MetricsExporter>>();
        // Compared as hashes of equal length in fixed time: neither the length nor a prefix of the token leaks by timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));
        MetricsLog.Enabled(logger);
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.Equals(Path, StringComparison.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var response = context.Response;
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                response.Headers.Allow = "GET, HEAD";
                return;
            }

            if (Refusal(context.Request.Headers.Authorization.ToString(), expected) is { } reason)
            {
                MetricsLog.Refused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", reason);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                await response.WriteAsync("Send Hub:Metrics:Token as 'Authorization: Bearer <token>'.\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await figures.Value.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            response.ContentType = ContentType;
            // Scraped figures are of now: a cache on the way would hand one scraper another's older answer.
            response.Headers.CacheControl = "no-store";
            await exporter.Registry.CollectAndExportAsTextAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>Why a request's Authorization header does not carry the token (a reason without the header's text), or null.</summary>
    public static string? Refusal(string header, byte[] expectedHash)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "no Authorization header";
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "not a bearer token";
        }

        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(sent, expectedHash) ? null : "wrong token";
    }
}
