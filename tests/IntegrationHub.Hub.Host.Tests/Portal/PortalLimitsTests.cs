using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Portal;

/// <summary>Issue 16 items 7, 24, 26 and 27: the portal's limits key on what a request is, not on how it is spelled.</summary>
public abstract partial class PortalLimitsTests(TestStore testStore)
{
    public sealed class OnSqlite() : PortalLimitsTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PortalLimitsTests(TestStore.PostgreSql);

    [Fact]
    public async Task TokenLimit_HeaderSpelledDifferently_SameAllowance()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:RequestsPerMinutePerToken=3");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        var statuses = new List<HttpStatusCode>();
        foreach (var header in new[] { $"Bearer {token}", $"bearer {token}", $"BEARER {token}", $"Bearer  {token}", $"  Bearer\t{token} " })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/portal/orders/SO-A-001");
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));
            using var response = await hub.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TokenLimit_PageSessionsOfOneToken_ShareItsAllowance()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:RequestsPerMinutePerToken=3");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            // Each sign-in makes a new cookie: it must not make a new allowance. The sign-in itself is not limited.
            using var client = PortalSessionTests.CookieClient(hub);
            using var signIn = await client.PostAsJsonAsync("/api/portal/session", new { token });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            for (var j = 0; j < 2; j++)
            {
                using var response = await client.GetAsync("/api/portal/orders/SO-A-001");
                statuses.Add(response.StatusCode);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task WrongTokensFromOneAddress_Throttled_ButAValidTokenFromItStillAnswers()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:FailedAttemptsPerMinutePerAddress=5");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", $"hubp_guess{i}"));
            statuses.Add(response.StatusCode);
        }

        using var client = PortalSessionTests.CookieClient(hub);
        using var wrongSignIn = await client.PostAsJsonAsync("/api/portal/session", new { token = "hubp_guess-again" });
        using var valid = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));
        using var validSignIn = await client.PostAsJsonAsync("/api/portal/session", new { token });

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2), statuses.Skip(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, wrongSignIn.StatusCode);
        Assert.True(wrongSignIn.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/portal/orders/SO-A-001")).StatusCode);
        Assert.Single(hub.Logs.Entries, e => e.EventId == 2142);
    }

    [Fact]
    public async Task OldAddressLimitSetting_RefusedAtStart_NamingItsReplacement()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestHub.StartAsync(testStore, "--Hub:Portal:RequestsPerMinutePerAddress=300"));

        Assert.Contains("Hub:Portal:FailedAttemptsPerMinutePerAddress", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=21474838", HttpStatusCode.BadRequest)]
    [InlineData("page=2147483647", HttpStatusCode.BadRequest)]
    [InlineData("page=100001", HttpStatusCode.BadRequest)]
    [InlineData("page=100000", HttpStatusCode.OK)]
    [InlineData("page=2&pageSize=1", HttpStatusCode.OK)]
    public async Task ListOrders_PageBeyondTheMaximum_BadRequest_NeverAnotherPage(string query, HttpStatusCode expected)
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders?" + query, token));

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("bad_page", body.GetProperty("error").GetString());
            Assert.Contains("page must be 1 to 100000", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        else if (query.StartsWith("page=100000", StringComparison.Ordinal))
        {
            Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        }
        else
        {
            Assert.Equal("SO-A-001", body.GetProperty("items")[0].GetProperty("orderNo").GetString());
        }
    }

    [Fact]
    public async Task IssueToken_IdSharesNothingWithTheToken()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);

        for (var i = 0; i < 20; i++)
        {
            var (code, token, error) = await hub.RunCommandAsync("portal", "issue-token", "--customer", "C001");
            Assert.Equal(0, code);
            token = token.Trim();
            var tokenId = IssuedId().Match(error).Groups[1].Value;

            Assert.NotEmpty(tokenId);
            Assert.DoesNotContain(tokenId, token, StringComparison.Ordinal);
            for (var start = 0; start + 8 <= tokenId.Length; start++)
            {
                Assert.DoesNotContain(tokenId.Substring(start, 8), token, StringComparison.Ordinal);
            }

            var (_, listing, _) = await hub.RunCommandAsync("portal", "list-tokens", "--customer", "C001");
            Assert.Contains(tokenId, listing, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"Token (\S+) issued")]
    private static partial Regex IssuedId();
}
