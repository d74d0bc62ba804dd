using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Nginx;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Web;

/// <summary>
/// Issue 18 item 4: two hub nodes on one PostgreSQL store behind a real nginx rendered from <c>deploy/ha/nginx-hub.conf</c>.
/// A desk session signed in through the proxy is honoured by both nodes (the cookies' keys are shared through the
/// store), and each node counts failed attempts under the client's address, not the proxy's: clients connect from
/// different loopback addresses (127.0.0.2, 127.0.0.3), which nginx passes on in X-Forwarded-For.
/// </summary>
public sealed class TwoNodesBehindNginxTests
{
    private const string Password = "desk-password-123";

    [Fact]
    public async Task DeskSession_MadeThroughTheProxy_IsHonouredByBothNodes_AndLimitsCountTheClientNotTheProxy()
    {
        var folderA = TestHub.NewDataFolder();
        string[] settings =
        [
            .. await TestStore.PostgreSql.SettingsAsync(folderA),
            "--Hub:Web:TrustedProxies:0=127.0.0.1",
            "--Hub:Portal:FailedAttemptsPerMinutePerAddress=2",
            "--Hub:Desk:SessionCheckInterval=00:00:00",
        ];
        await using var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, settings);
        await using var b = await TestHub.StartInAsync(TestHub.NewDataFolder(), settings);
        int[] nodes = [a.Client.BaseAddress!.Port, b.Client.BaseAddress!.Port];
        await using var nginx = await NginxProxy.StartAsync(nodes);
        await a.Services.GetRequiredService<DeskUsers>().SetAsync("ann", Password, DeskRole.Agent, CancellationToken.None);

        using var ann = ClientFrom("127.0.0.2", nginx.BaseAddress, new CookieContainer());
        ann.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        using (var signIn = await ann.PostAsJsonAsync("/api/desk/sign-in", new { userName = "ann", password = Password }))
        {
            Assert.True(signIn.IsSuccessStatusCode, $"{signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync()}\n{nginx.ErrorLog}");
        }

        // nginx balances round robin, so a few requests reach both nodes; each must accept the one session.
        var servedBy = new HashSet<int>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await ann.GetAsync("/api/desk/tickets");
            var upstream = response.Headers.GetValues("X-Hub-Upstream").Single();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"node {upstream} answered {response.StatusCode} to a session made through the proxy");
            servedBy.Add(new Uri("http://" + upstream).Port);
        }

        Assert.Equal(nodes.Order(), servedBy.Order());

        // 127.0.0.2 fails until throttled (by either node: each counts its own share); 127.0.0.3 is not affected.
        using var guesser = ClientFrom("127.0.0.2", nginx.BaseAddress, new CookieContainer());
        var throttled = false;
        for (var attempt = 0; attempt < 20 && !throttled; attempt++)
        {
            using var response = await guesser.SendAsync(PortalRequest("bad-token-" + attempt));
            throttled = response.StatusCode == HttpStatusCode.TooManyRequests;
        }

        Assert.True(throttled, "20 failed attempts from 127.0.0.2 and no 429");
        Assert.Contains(a.Logs.Entries.Concat(b.Logs.Entries), e => e.EventId == 2142 && e.Message.Contains("from 127.0.0.2", StringComparison.Ordinal));
        Assert.DoesNotContain(a.Logs.Entries.Concat(b.Logs.Entries), e => e.EventId == 2142 && e.Message.Contains("from 127.0.0.1", StringComparison.Ordinal));

        using var neighbour = ClientFrom("127.0.0.3", nginx.BaseAddress, new CookieContainer());
        using var request = PortalRequest("bad-token-neighbour");
        // The neighbour even claims to be the throttled address: the proxy appends the real one, which counts.
        request.Headers.Add("X-Forwarded-For", "127.0.0.2");
        using var answer = await neighbour.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    private static HttpRequestMessage PortalRequest(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/portal/orders/SO-1");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A client whose connections leave from <paramref name="localAddress"/> (any 127.x address is loopback on Linux).</summary>
    private static HttpClient ClientFrom(string localAddress, Uri baseAddress, CookieContainer cookies)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
