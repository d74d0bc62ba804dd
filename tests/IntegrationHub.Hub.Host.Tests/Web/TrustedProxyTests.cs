using System.Net;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Web;

/// <summary>
/// Issue 18 item 4: the client's address comes from <c>X-Forwarded-For</c> only when the connection comes from a proxy
/// named in <c>Hub:Web:TrustedProxies</c>, and then only its last entry (the one the proxy appended). Observed through
/// the portal's failed-attempt throttle, which names the address it throttles (event 2142).
/// </summary>
public sealed class TrustedProxyTests
{
    private const int Throttled = 2142;

    [Fact]
    public async Task NoTrustedProxy_TheHeaderIsIgnored_TheConnectionsAddressCounts()
    {
        await using var hub = await TestHub.StartAsync("--Hub:Portal:FailedAttemptsPerMinutePerAddress=1");
        var address = await ThrottledAddressAsync(hub, "10.1.2.3");
        Assert.Equal("127.0.0.1", address);
    }

    [Fact]
    public async Task TrustedProxy_TheLastEntryCounts_AnAddressTheClientWroteBeforeItDoesNot()
    {
        await using var hub = await TestHub.StartAsync(
            "--Hub:Portal:FailedAttemptsPerMinutePerAddress=1", "--Hub:Web:TrustedProxies:0=127.0.0.0/8");
        Assert.Equal("10.1.2.3", await ThrottledAddressAsync(hub, "10.1.2.3"));
        // A client that writes its own header through the proxy: the proxy appends the real address, the hub takes it.
        Assert.Equal("10.4.5.6", await ThrottledAddressAsync(hub, "10.9.9.9, 10.4.5.6"));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == Throttled && e.Message.Contains("10.9.9.9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10.0.0.5/24", "Hub:Web:TrustedProxies:0 is '10.0.0.5/24'")]
    [InlineData("proxy.plant.local", "Hub:Web:TrustedProxies:0 is 'proxy.plant.local'")]
    [InlineData("10.0.0.1\u001b[2J", "Hub:Web:TrustedProxies:0 is '10.0.0.1\\x1B[2J'")]
    [InlineData("10.0.0.0/33", "Hub:Web:TrustedProxies:0 is '10.0.0.0/33'")]
    [InlineData("127.1", "Hub:Web:TrustedProxies:0 is '127.1'")]
    [InlineData("fe80::1%eth0", "Hub:Web:TrustedProxies:0 is 'fe80::1%eth0'")]
    [InlineData("", "Hub:Web:TrustedProxies:0 is ''")]
    public void BadEntry_IsAStartUpErrorNamingTheSettingAndTheValue(string entry, string expected)
    {
        var errors = HubOptionsValidator.Validate(new HubOptions { Web = new WebOptions { TrustedProxies = [entry] } });
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.0/24")]
    [InlineData("::1")]
    [InlineData("fd00::/8")]
    public void GoodEntry_IsAccepted(string entry) =>
        Assert.Empty(HubOptionsValidator.Validate(new HubOptions { Web = new WebOptions { TrustedProxies = [entry] } }));

    /// <summary>
    /// Sends failed token attempts with <paramref name="forwardedFor"/> until the hub throttles an address; returns it.
    /// The limit is 1 a minute, so two attempts within one minute are enough; a minute that ends between them only
    /// needs one more, and 20 attempts are a hang guard, not a bound on time.
    /// </summary>
    private static async Task<string> ThrottledAddressAsync(TestHub hub, string forwardedFor)
    {
        var before = hub.Logs.Entries.Count(e => e.EventId == Throttled);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var request = hub.Get("/api/portal/orders/SO-1", "not-a-token-" + attempt);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await hub.Client.SendAsync(request);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
            var throttled = hub.Logs.Entries.Where(e => e.EventId == Throttled).Skip(before).Select(e => e.Message).FirstOrDefault();
            if (throttled is not null)
            {
                // "... failed token attempts from 10.1.2.3 within a minute; ..."
                return throttled.Split(" from ")[1].Split(' ')[0];
            }
        }

        throw new InvalidOperationException("20 failed attempts and no address throttled. Hub log:\n" + hub.Logs);
    }
}
