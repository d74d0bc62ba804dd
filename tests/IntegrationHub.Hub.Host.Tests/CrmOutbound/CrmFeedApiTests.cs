using System.Net;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;
using static IntegrationHub.Hub.Host.Tests.CrmOutbound.CrmFeedClient;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>
/// <c>GET /api/crm/changes</c> (issue 23 item 1) on a hub with the plant's exports imported: entities and order progress
/// in commit order, keys scoped to kinds, and every hostile request refused with a clear error naming what is wrong.
/// </summary>
public abstract class CrmFeedApiTests(CrmFeedHub fixture)
{
    public sealed class OnSqlite(CrmFeedHub.OnSqlite hub) : CrmFeedApiTests(hub), IClassFixture<CrmFeedHub.OnSqlite>;

    public sealed class OnPostgreSql(CrmFeedHub.OnPostgreSql hub) : CrmFeedApiTests(hub), IClassFixture<CrmFeedHub.OnPostgreSql>;

    private TestHub Hub => fixture.Hub;

    [Fact]
    public async Task Feed_AllPages_EntitiesInCommitOrder_WithOrderProgress_EachPositionOnce()
    {
        var (changes, _) = await ReadAllAsync(Hub, fixture.FullKey, null);

        var described = changes.Select(Describe).ToList();
        var positions = described.Where(c => c.Kind != "OrderProgress").Select(c => c.Position).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
        Assert.Equal(await Hub.CountAsync("SELECT count(*) FROM crm_changes"), positions.Count);
        Assert.Contains(described, c => c is { Kind: "Customer", Key: "C001" });
        Assert.Contains(described, c => c is { Kind: "SalesOrder", Key: "SO-A-001" });
        var order = changes.First(c => Describe(c) is { Kind: "SalesOrder", Key: "SO-A-001" });
        Assert.Equal("C001", order.GetProperty("entity").GetProperty("customerCode").GetString());
        // The progress comes after the order's last change in the page that holds it.
        var progress = changes.Last(c => Describe(c) is { Kind: "OrderProgress", Key: "SO-A-001" });
        Assert.Equal("InProduction", progress.GetProperty("entity").GetProperty("stage").GetString());
        Assert.DoesNotContain(described, c => c.Kind == "AssetMetric");
    }

    [Fact]
    public async Task Feed_KeyScopedToKinds_ReadsOnlyThose_OtherKindsForbiddenByName()
    {
        var key = await IssueKeyAsync(Hub, "SalesOrder,OrderProgress", "scoped");

        var (changes, _) = await ReadAllAsync(Hub, key, null);
        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.Contains(Describe(c).Kind, new[] { "SalesOrder", "OrderProgress" }));

        var (status, body) = await GetAsync(Hub, key, "?kinds=SalesOrder,ServiceTicket,Customer");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("kind_not_allowed", body.GetProperty("error").GetString());
        Assert.Contains("may not read ServiceTicket, Customer", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (lines, lineBody) = await GetAsync(Hub, fixture.FullKey, "?kinds=salesorderline");
        Assert.Equal(HttpStatusCode.OK, lines);
        Assert.All(lineBody.GetProperty("changes").EnumerateArray(), c => Assert.Equal("SalesOrderLine", Describe(c).Kind));
    }

    [Fact]
    public async Task Feed_MissingUnknownOrRevokedKey_SameUnauthorizedAnswer_RevokedEvenMidPaging()
    {
        var key = await IssueKeyAsync(Hub, "all", "to-revoke");
        var (first, page) = await GetAsync(Hub, key, "?limit=2");
        Assert.Equal(HttpStatusCode.OK, first);
        var next = page.GetProperty("next").GetString()!;

        var keyId = (await Hub.RunCommandAsync("crm", "list-keys")).Output.Split('\n').Single(l => l.Contains("to-revoke", StringComparison.Ordinal)).Split(' ')[0];
        var (code, output, error) = await Hub.RunCommandAsync("crm", "revoke-key", "--key-id", keyId);
        Assert.True(code == 0, error);
        Assert.Contains($"Key {keyId} revoked", output, StringComparison.Ordinal);

        var (revoked, revokedBody) = await GetAsync(Hub, key, "?after=" + Uri.EscapeDataString(next));
        var (unknown, unknownBody) = await GetAsync(Hub, "hubcrm_" + new string('A', 43));
        var (missing, missingBody) = await GetAsync(Hub, null);
        var (garbage, garbageBody) = await GetAsync(Hub, "\u0001' OR 1=1 --");
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], [revoked, unknown, missing, garbage]);
        Assert.All([unknownBody, missingBody, garbageBody], b => Assert.Equal(revokedBody.GetRawText(), b.GetRawText()));
        Assert.Equal(1, (await Hub.RunCommandAsync("crm", "revoke-key", "--key-id", keyId)).ExitCode);
    }

    [Theory]
    [InlineData("?api_key={key}", "api_key")]
    [InlineData("?after=&x={key}", "x")]
    [InlineData("?token=anything", "token")]
    public async Task Feed_KeyInTheUrl_RefusedEvenWhenValid(string query, string parameter)
    {
        var (status, body) = await GetAsync(Hub, fixture.FullKey, query.Replace("{key}", Uri.EscapeDataString(fixture.FullKey), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("key_in_url", parameter), (body.GetProperty("error").GetString(), body.GetProperty("parameter").GetString()));
        Assert.DoesNotContain(fixture.FullKey, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_ForgedGarbledOrHugeCursor_RefusedNamingAfter()
    {
        var (_, page) = await GetAsync(Hub, fixture.FullKey, "?limit=1");
        var real = page.GetProperty("next").GetString()!;
        var flipped = real[..10] + (real[10] == 'A' ? 'B' : 'A') + real[11..];
        string[] cursors = ["abc", "0", "-1", "9223372036854775807", flipped, real[..^4], new string('A', 5_000), "%00%01%1b[31m"];

        foreach (var cursor in cursors)
        {
            var (status, body) = await GetAsync(Hub, fixture.FullKey, "?after=" + (cursor.StartsWith('%') ? cursor : Uri.EscapeDataString(cursor)));
            Assert.True(status == HttpStatusCode.BadRequest, $"{cursor[..Math.Min(20, cursor.Length)]}: {status}");
            Assert.Equal(("invalid_cursor", "after"), (body.GetProperty("error").GetString(), body.GetProperty("parameter").GetString()));
        }

        var (ok, _) = await GetAsync(Hub, fixture.FullKey, "?after=" + Uri.EscapeDataString(real));
        Assert.Equal(HttpStatusCode.OK, ok);
        // Past the server's request-line limit (8 KB) the server itself refuses, before the feed's code runs.
        var (huge, _) = await GetAsync(Hub, fixture.FullKey, "?after=" + new string('A', 100_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, huge);
    }

    [Theory]
    [InlineData("?kinds=SalesOrder,Invoice,Bogus", "kinds", "unknown_kind", "'Invoice', 'Bogus'")]
    [InlineData("?kinds=Sales%0d%0aOrder", "kinds", "unknown_kind", "'Sales\\u000d\\u000aOrder'")]
    [InlineData("?kinds=,,,", "kinds", "invalid_kinds", "lists 0 kinds")]
    [InlineData("?limit=0", "limit", "invalid_limit", "from 1 to 500")]
    [InlineData("?limit=501", "limit", "invalid_limit", "'501'")]
    [InlineData("?limit=ten", "limit", "invalid_limit", "'ten'")]
    [InlineData("?limit=5&limit=6", "limit", "repeated_parameter", "given 2 times")]
    [InlineData("?since=2025-01-01", "since", "unknown_parameter", "'since'")]
    public async Task Feed_BadParameters_RefusedNamingTheParameter(string query, string parameter, string error, string detail)
    {
        var (status, body) = await GetAsync(Hub, fixture.FullKey, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((error, parameter), (body.GetProperty("error").GetString(), body.GetProperty("parameter").GetString()));
        Assert.Contains(detail, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_KindsWithTenThousandEntries_RefusedBeforeAnyWork()
    {
        // 10,000 kinds do not fit the server's 8 KB request line: refused by the server before the feed's code runs.
        var (tenThousand, _) = await GetAsync(Hub, fixture.FullKey, "?kinds=" + string.Join(',', Enumerable.Repeat("SalesOrder", 10_000)));
        // What fits the request line is bounded by the feed: by length, and by count.
        var (longList, longBody) = await GetAsync(Hub, fixture.FullKey, "?kinds=" + string.Join(',', Enumerable.Repeat("Contact", 700)));
        var (manyShort, manyBody) = await GetAsync(Hub, fixture.FullKey, "?kinds=" + string.Join(',', Enumerable.Repeat("Contact", 33)));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, tenThousand);
        Assert.Equal((HttpStatusCode.BadRequest, "kinds"), (longList, longBody.GetProperty("parameter").GetString()));
        Assert.Contains("5599 characters long", longBody.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "kinds"), (manyShort, manyBody.GetProperty("parameter").GetString()));
        Assert.Contains("lists 33 kinds", manyBody.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueKey_UnknownKindsOrNoConsumer_RefusedWithTheKnownKinds()
    {
        var (code, _, error) = await Hub.RunCommandAsync("crm", "issue-key", "--consumer", "x", "--kinds", "SalesOrder,Invoice");
        Assert.Equal(64, code);
        Assert.Contains("unknown kind(s) 'Invoice'; known: Customer,Contact,SalesOrder", error, StringComparison.Ordinal);

        var (noConsumer, _, noConsumerError) = await Hub.RunCommandAsync("crm", "issue-key", "--kinds", "all");
        Assert.Equal(64, noConsumer);
        Assert.Contains("Name the consumer", noConsumerError, StringComparison.Ordinal);
        var keys = (await Hub.RunCommandAsync("crm", "list-keys")).Output;
        Assert.DoesNotContain("hubcrm_", keys, StringComparison.Ordinal);
    }
}
