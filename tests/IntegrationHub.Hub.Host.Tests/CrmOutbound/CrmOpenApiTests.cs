using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Live;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>
/// The CRM API's OpenAPI document (issue 23 item 1): served without a key, the same bytes as docs/crm-openapi.json (so
/// the copy cannot go stale), valid OpenAPI 3.1 for @readme/openapi-parser, and its schemas hold what the hub really
/// sends, checked by Ajv: every page of the feed, its errors, and real webhook bodies; JSON the hub must never send is
/// refused by them.
/// </summary>
public abstract class CrmOpenApiTests(CrmFeedHub fixture)
{
    public sealed class OnSqlite(CrmFeedHub.OnSqlite hub) : CrmOpenApiTests(hub), IClassFixture<CrmFeedHub.OnSqlite>;

    public sealed class OnPostgreSql(CrmFeedHub.OnPostgreSql hub) : CrmOpenApiTests(hub), IClassFixture<CrmFeedHub.OnPostgreSql>;

    private static readonly string CommittedCopy = Path.Combine(RepositoryPaths.Root, "docs", "crm-openapi.json");

    private TestHub Hub => fixture.Hub;

    private async Task<JsonNode> ServedAsync()
    {
        // No key, and a wrong one changes nothing: the document holds no data.
        using var request = new HttpRequestMessage(HttpMethod.Get, CrmOpenApiDocument.Path);
        request.Headers.TryAddWithoutValidation("X-Api-Key", "hubcrm_not-a-key");
        using var response = await Hub.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsByteArrayAsync())!;
    }

    [Fact]
    public async Task Served_WithoutKey_SameBytesAsTheCommittedCopy()
    {
        var served = await Hub.Client.GetByteArrayAsync(CrmOpenApiDocument.Path);
        var committed = await File.ReadAllBytesAsync(CommittedCopy);
        Assert.True(committed.AsSpan().SequenceEqual(served),
            $"{CommittedCopy} differs from what the hub serves: refresh it with `dotnet run --project Hub.Host -c Release --no-build -- crm openapi --to \"$PWD/docs/crm-openapi.json\"` (from the repository root) and commit it.");
        // The admin command prints the same document.
        var (code, printed, error) = await Hub.RunCommandAsync("crm", "openapi");
        Assert.True(code == 0, error);
        Assert.Equal(Encoding.UTF8.GetString(committed), printed);
    }

    [Fact]
    public async Task Document_ValidOpenApi31_EveryKindHasItsSchema_WebhooksNeverOrderProgress()
    {
        var document = await ServedAsync();
        var verdict = await OpenApiChecker.CheckAsync(document);
        Assert.True(verdict.DocumentErrors.Count == 0, string.Join("\n", verdict.DocumentErrors));
        Assert.Empty(verdict.DocumentWarnings);

        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.All(CrmKinds.All, kind => Assert.True(schemas.ContainsKey(kind) && schemas.ContainsKey(kind + "Change"), kind));
        var pushed = schemas["WebhookMessage"]!["allOf"]![1]!["discriminator"]!["mapping"]!.AsObject().Select(m => m.Key).ToList();
        Assert.Equal(CrmKinds.Pushed, pushed);
        Assert.DoesNotContain(CrmKinds.OrderProgress, pushed);
        // From the code: the feed's limits and the entities' doc comments.
        var limit = document["paths"]![CrmFeedEndpoints.Path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.Equal(CrmFeedQuery.MaxLimit, limit["schema"]!["maximum"]!.GetValue<int>());
        Assert.Contains("promised", schemas["SalesOrder"]!["properties"]!["promisedDate"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedPagesAndErrors_AsTheHubSentThem_HoldToTheSchemas()
    {
        var document = await ServedAsync();
        await LiveOrders.OpenTicketAsync(Hub.Services.GetRequiredService<IRulesStore>(), "T-OPENAPI-1", "C001");
        var instances = new List<(string, JsonNode)>();
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await RawAsync(fixture.FullKey, "?limit=7" + (cursor is null ? string.Empty : "&after=" + Uri.EscapeDataString(cursor)), HttpStatusCode.OK);
            instances.Add(("ChangePage", page));
            kinds.UnionWith(page["changes"]!.AsArray().Select(c => c!["kind"]!.GetValue<string>()));
            cursor = page["next"]!.GetValue<string>();
            if (!page["more"]!.GetValue<bool>())
            {
                break;
            }
        }

        var narrow = await CrmFeedClient.IssueKeyAsync(Hub, "SalesOrder", "openapi-narrow");
        instances.Add(("Error", await RawAsync(null, string.Empty, HttpStatusCode.Unauthorized)));
        instances.Add(("Error", await RawAsync(fixture.FullKey, "?limit=0", HttpStatusCode.BadRequest)));
        instances.Add(("Error", await RawAsync(fixture.FullKey, "?after=garbage", HttpStatusCode.BadRequest)));
        instances.Add(("Error", await RawAsync(narrow, "?kinds=Shipment", HttpStatusCode.Forbidden)));

        var verdict = await OpenApiChecker.CheckAsync(document, [.. instances]);
        Assert.Empty(verdict.DocumentErrors);
        Assert.All(verdict.Instances, i => Assert.True(i.Errors.Count == 0, $"{i.Schema}: {string.Join("; ", i.Errors)}"));
        Assert.Superset(new HashSet<string> { "Customer", "SalesOrder", "SalesOrderLine", "WorkOrder", "OrderProgress", "ServiceTicket" }, kinds);
    }

    [Fact]
    public async Task Schemas_RefuseWhatTheHubMustNeverSend()
    {
        var document = await ServedAsync();
        var page = await RawAsync(fixture.FullKey, "?limit=3&kinds=SalesOrder", HttpStatusCode.OK);
        var change = page["changes"]![0]!;

        var positionAsText = change.DeepClone();
        positionAsText["position"] = "41";
        var orderWithoutNumber = change.DeepClone();
        orderWithoutNumber["entity"]!.AsObject().Remove("orderNo");
        var unknownKind = change.DeepClone();
        unknownKind["kind"] = "AssetMetric";
        var wrongEntityForKind = change.DeepClone();
        wrongEntityForKind["kind"] = "Shipment";
        var pageWithoutNext = page.DeepClone();
        pageWithoutNext.AsObject().Remove("next");
        var progressByWebhook = new JsonObject
        {
            ["id"] = "5f0c", ["subscription"] = "crm", ["position"] = 1, ["kind"] = "OrderProgress", ["key"] = "SO-A-001",
            ["entity"] = new JsonObject { ["orderNo"] = "SO-A-001" },
        };
        var webhookWithoutId = change.DeepClone();
        webhookWithoutId["subscription"] = "crm";

        var verdict = await OpenApiChecker.CheckAsync(document,
            ("Change", change), ("Change", positionAsText), ("Change", orderWithoutNumber), ("Change", unknownKind),
            ("Change", wrongEntityForKind), ("ChangePage", pageWithoutNext), ("WebhookMessage", progressByWebhook),
            ("WebhookMessage", webhookWithoutId), ("Error", new JsonObject { ["message"] = "no code" }));

        Assert.Empty(verdict.Instances[0].Errors); // the real change itself holds
        Assert.All(verdict.Instances.Skip(1), i => Assert.NotEmpty(i.Errors));
        Assert.Contains(verdict.Instances[1].Errors, e => e.Contains("/position", StringComparison.Ordinal));
        Assert.Contains(verdict.Instances[2].Errors, e => e.Contains("orderNo", StringComparison.Ordinal));
        Assert.Contains(verdict.Instances[5].Errors, e => e.Contains("next", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebhookBodies_AsReceived_HoldToWebhookMessage()
    {
        var secret = Encoding.UTF8.GetBytes("crm-webhook-secret-for-openapi-tests-0123");
        await using var receiver = await CrmWebhookReceiver.StartAsync(secret);
        var folder = TestHub.NewDataFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder, "crm.secret"), secret);
        string[] settings =
        [
            $"--Hub:Crm:Webhooks:crm:Url={receiver.BaseUrl}/ok",
            $"--Hub:Crm:Webhooks:crm:SecretFile=crm.secret",
            .. CrmKinds.Pushed.Select((kind, i) => $"--Hub:Crm:Webhooks:crm:Kinds:{i}={kind}"),
        ];
        await using var hub = await TestHub.StartInAsync(Hub.Store, folder, settings);
        await WaitFor.ConditionAsync(async () => await hub.CountAsync("SELECT count(*) FROM crm_webhook_cursors") == 1, "the subscription's position");
        await PlantFiles.ImportAsync(hub);
        await LiveOrders.OpenTicketAsync(hub.Services.GetRequiredService<IRulesStore>(), "T-OPENAPI-2", "C001");
        var changes = await hub.CountAsync("SELECT count(*) FROM crm_changes");
        await WaitFor.ConditionAsync(() => receiver.Accepted("/ok").Count >= changes, $"{changes} deliveries");

        var bodies = receiver.Accepted("/ok").Select(b => ("WebhookMessage", JsonNode.Parse(b.GetRawText())!)).ToArray();
        var verdict = await OpenApiChecker.CheckAsync(await ServedAsync(), bodies);
        Assert.All(verdict.Instances, i => Assert.True(i.Errors.Count == 0, string.Join("; ", i.Errors)));
        Assert.Superset(new HashSet<string> { "Customer", "SalesOrder", "SalesOrderLine", "WorkOrder", "ServiceTicket" },
            bodies.Select(b => b.Item2["kind"]!.GetValue<string>()).ToHashSet());
    }

    private async Task<JsonNode> RawAsync(string? key, string query, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CrmFeedEndpoints.Path + query);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        using var response = await Hub.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{query}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
