using IntegrationHub.Hub.Host.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace IntegrationHub.Hub.Host.Web;

/// <summary>
/// The client's address and scheme from the configured reverse proxies only (issue 18 item 4): with two hub nodes
/// behind nginx, every request comes from the proxy's address, so the portal's and the desk's per-address limits would
/// count all clients as one. Only the last <c>X-Forwarded-For</c> entry is taken (the proxy appended it; anything
/// before it is whatever the client claimed), and only when the connection comes from a trusted proxy.
/// </summary>
internal static class TrustedProxyHeaders
{
    public static IApplicationBuilder UseTrustedProxyHeaders(this IApplicationBuilder app, WebOptions web)
    {
        if (web.TrustedProxies.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        // Both lists start with loopback: a hub behind no proxy would otherwise believe a local client's header.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in web.TrustedProxies)
        {
            WebOptionsValidator.TryParse(entry, out var address, out var network);
            if (address is not null)
            {
                options.KnownProxies.Add(address);
            }
            else if (network is { } n)
            {
                options.KnownIPNetworks.Add(n);
            }
        }

        return app.UseForwardedHeaders(options);
    }
}
