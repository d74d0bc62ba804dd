using System.Net;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Web</c>: every trusted proxy is an address or a network.</summary>
internal sealed class WebOptionsValidator() : HubSettingsValidator<WebOptions>(HubSettingPaths.Of(nameof(HubOptions.Web)))
{
    protected override void Check(WebOptions options, List<string> errors)
    {
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            var entry = options.TrustedProxies[i];
            if (!TryParse(entry, out _, out _))
            {
                errors.Add($"{Setting(nameof(options.TrustedProxies))}:{i} is '{LogText.Escape(entry ?? string.Empty)}': not an IP address or network. Write an address such as 10.0.0.5 or a network such as 10.0.0.0/24.");
            }
        }
    }

    /// <summary>An entry as an address or as a network (exactly one of the two is set when it parses).</summary>
    public static bool TryParse(string? entry, out IPAddress? address, out IPNetwork? network)
    {
        address = null;
        network = null;
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            // A network written with bits set past its prefix (10.0.0.5/24) is refused, not masked: it is a typo for
            // either one address or another network, and trusting the wrong one lets clients choose their address.
            if (IPNetwork.TryParse(text, out var parsed)
                && IPAddress.TryParse(text[..text.IndexOf('/', StringComparison.Ordinal)], out var written)
                && written.Equals(parsed.BaseAddress))
            {
                network = parsed;
                return true;
            }

            return false;
        }

        // A scope id (fe80::1%eth0) names an interface, which a connection's address never carries.
        // IPv4 only in dotted quads: the parser also takes "127.1" or "10" (inet_aton's old forms), rarely what was meant.
        if (IPAddress.TryParse(text, out var parsedAddress) && !text.Contains('%', StringComparison.Ordinal)
            && (parsedAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || parsedAddress.ToString() == text))
        {
            address = parsedAddress;
            return true;
        }

        return false;
    }
}
