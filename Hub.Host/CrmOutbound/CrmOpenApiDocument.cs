using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Hub.Host.Cli.SettingsReference;
using static IntegrationHub.Hub.Host.CrmOutbound.CrmEnvelopeFields;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The OpenAPI 3.1 document of the CRM API (issue 23 item 1): <c>GET /api/crm/changes</c> with its parameters, page and
/// errors, and the webhook's message under <c>webhooks</c>. Built from the code: the kinds from <see cref="CrmKinds"/>,
/// the limits from <see cref="CrmFeedQuery"/> and <see cref="CrmCursor"/>, the headers from <see cref="CrmApiKeys"/> and
/// <see cref="CrmWebhookSignature"/>, the envelopes' field names from <see cref="CrmEnvelopeFields"/>, and every schema
/// from the serializer contract that writes it (<see cref="CrmOpenApiSchemas"/>). docs/crm-openapi.json is a copy that a
/// test compares with what the hub serves.
/// </summary>
internal static class CrmOpenApiDocument
{
    /// <summary>Where the hub serves the document, to anyone: it holds no data, and import tools fetch it without a key.</summary>
    public const string Path = "/api/crm/openapi.json";

    /// <summary>The document's own version: it changes when the API does, not with every release of the hub.</summary>
    public const string ApiVersion = "1.0";

    private const string Schemas = "#/components/schemas/";

    private static readonly Lazy<byte[]> Built = new(() => Write(Build()));

    /// <summary>The document as served: indented UTF-8 JSON ending with a line break, the same bytes as the committed copy.</summary>
    public static byte[] Utf8 => Built.Value;

    /// <summary>Serves <see cref="Path"/>.</summary>
    public static IEndpointRouteBuilder MapCrmOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, () => Results.Bytes(Utf8, "application/json"));
        return endpoints;
    }

    /// <summary>Builds the document.</summary>
    public static JsonObject Build()
    {
        var docs = new XmlDocumentation();
        var schemas = new JsonObject();
        foreach (var kind in CrmKinds.All)
        {
            schemas[kind] = CrmOpenApiSchemas.Of(CrmOpenApiSchemas.EntityContract(kind), docs);
            schemas[kind + "Change"] = Change(kind);
        }

        schemas["Change"] = OneOf(CrmKinds.All);
        schemas["ChangePage"] = Page();
        schemas["WebhookMessage"] = new JsonObject
        {
            ["description"] = "The body of a webhook's POST: one change of a kind the subscription names, with the message's id and the subscription's name.",
            ["allOf"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = Strings(Id, Subscription),
                    ["properties"] = new JsonObject
                    {
                        [Id] = Text("The message's id: the same on every attempt (also in X-Hub-Delivery and Idempotency-Key); drop a repeat."),
                        [Subscription] = Text("The subscription's name in Hub:Crm:Webhooks."),
                    },
                },
                OneOf(CrmKinds.Pushed)),
        };
        schemas["Error"] = CrmOpenApiSchemas.Of(CrmJsonContext.Default.CrmError, docs);

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "IntegrationHub CRM API",
                ["version"] = ApiVersion,
                ["description"] = "The change feed a CRM pulls (customers, orders, shipments, tickets, order progress in commit order, resumed from a cursor) and the signed webhooks the hub pushes to a CRM (issue 23 item 1). The hub's docs/crm.md explains both, with worked examples for zero-code platforms.",
            },
            ["paths"] = new JsonObject
            {
                [CrmFeedEndpoints.Path] = new JsonObject { ["get"] = FeedOperation() },
                [Path] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["operationId"] = "getOpenApiDocument",
                        ["summary"] = "This document",
                        ["description"] = "Served without a key: it holds no data.",
                        ["security"] = new JsonArray(),
                        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "The OpenAPI document.", ["content"] = new JsonObject { ["application/json"] = new JsonObject() } } },
                    },
                },
            },
            ["webhooks"] = new JsonObject { ["crmChange"] = new JsonObject { ["post"] = WebhookOperation() } },
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = CrmApiKeys.Header,
                        ["description"] = "A key issued by IT with `hub crm issue-key`, scoped to kinds. Never in the URL: a request with a key in its query string is refused (400 key_in_url).",
                    },
                },
                ["schemas"] = schemas,
            },
        };
    }

    private static JsonObject FeedOperation() => new()
    {
        ["operationId"] = "getChanges",
        ["summary"] = "Changes in commit order, a page at a time",
        ["description"] = $"Every committed change once, in commit order, from the cursor on. `{More}: true`: read the next page at once; `{More}: false`: keep `{Next}` and ask again later. A change is the entity's whole new state: keep the newest `{Position}` per `{Kind}` and `{Key}`.",
        ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }),
        ["parameters"] = new JsonArray(
            Query("after", "The `next` value of the previous page, as it is; left out, the feed is read from the beginning.",
                new JsonObject { ["type"] = "string", ["maxLength"] = CrmCursor.MaxLength }),
            Query("kinds", $"Kinds to read, comma-separated (case ignored), at most {CrmFeedQuery.MaxKinds} entries and {CrmFeedQuery.MaxKindsLength} characters; left out, every kind the key allows.",
                new JsonObject { ["type"] = "array", ["maxItems"] = CrmFeedQuery.MaxKinds, ["items"] = new JsonObject { ["enum"] = Strings([.. CrmKinds.All]) } },
                explode: false),
            Query("limit", "Changes per page.",
                new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = CrmFeedQuery.MaxLimit, ["default"] = CrmFeedQuery.DefaultLimit })),
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "A page of changes.",
                ["content"] = Json(Ref("ChangePage")),
            },
            ["400"] = ErrorResponse("A parameter is refused before any work: key_in_url, unknown_parameter, repeated_parameter, invalid_cursor, cursor_from_another_feed, unknown_kind, invalid_kinds, invalid_limit."),
            ["401"] = ErrorResponse("unauthorized: no key, an unknown key or a revoked key (the same answer for each).", new JsonObject
            {
                ["WWW-Authenticate"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
            }),
            ["403"] = ErrorResponse("kind_not_allowed: kinds asks for kinds outside the key's scope; the message names them."),
        },
    };

    private static JsonObject WebhookOperation() => new()
    {
        ["operationId"] = "receiveCrmChange",
        ["summary"] = "One change, POSTed to a subscription's Url",
        ["description"] = $"Signed with the subscription's secret: HMAC-SHA256 over the {CrmWebhookSignature.TimestampHeader} header's value, a dot and the raw body bytes. Refuse a timestamp more than five minutes off (a replay). The messages of one entity come in commit order; a replayed dead one may arrive later than a newer change: keep the newest `{Position}` per `{Kind}` and `{Key}`.",
        ["parameters"] = new JsonArray(
            Header(CrmWebhookSignature.TimestampHeader, "When the attempt was signed, in Unix seconds.", new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]+$" }),
            Header(CrmWebhookSignature.SignatureHeader, "sha256= and the lower-case hex HMAC-SHA256.", new JsonObject { ["type"] = "string", ["pattern"] = "^sha256=[0-9a-f]{64}$" }),
            Header(CrmWebhookSignature.DeliveryHeader, "The message's id, the same on every attempt.", new JsonObject { ["type"] = "string" }),
            Header("Idempotency-Key", "The message's id in double quotes, the same on every attempt.", new JsonObject { ["type"] = "string" })),
        ["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Json(Ref("WebhookMessage")) },
        ["responses"] = new JsonObject
        {
            ["2XX"] = new JsonObject { ["description"] = "Delivered. Answer only once the change is stored." },
            ["408"] = new JsonObject { ["description"] = "Tried again with the outbox's backoff, then dead-lettered." },
            ["429"] = new JsonObject { ["description"] = "Tried again, after Retry-After when the answer has one." },
            ["5XX"] = new JsonObject { ["description"] = "Tried again with the outbox's backoff, then dead-lettered. So are no answer within the subscription's Timeout and a broken connection." },
            ["default"] = new JsonObject { ["description"] = "Any other answer dead-letters the message at once; an admin replays it once the receiver is fixed." },
        },
    };

    private static JsonObject Change(string kind)
    {
        var properties = new JsonObject
        {
            [Position] = new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 1, ["description"] = "Grows with commit order. An OrderProgress snapshot has the position of its order's last change in the page." },
            [Kind] = new JsonObject { ["const"] = kind },
            [Key] = Text(kind == CrmKinds.OrderProgress ? "The order number." : "The entity's key within its kind."),
            [OrderNo] = Text("The order the entity belongs to (orders and their parts), when it belongs to one."),
            [Entity] = Ref(kind),
        };
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = Strings(Position, Kind, Key, Entity),
            ["properties"] = properties,
        };
    }

    private static JsonObject Page() => new()
    {
        ["type"] = "object",
        ["required"] = Strings(Changes, Next, More),
        ["properties"] = new JsonObject
        {
            [Changes] = new JsonObject { ["type"] = "array", ["items"] = Ref("Change") },
            [Next] = Text("The cursor to pass as after next time; it also moves past changes of kinds not asked for."),
            [More] = new JsonObject { ["type"] = "boolean", ["description"] = "True: read the next page at once. False: the end for now." },
        },
    };

    private static JsonObject OneOf(IEnumerable<string> kinds)
    {
        var mapping = new JsonObject();
        foreach (var kind in kinds)
        {
            mapping[kind] = Schemas + kind + "Change";
        }

        return new JsonObject
        {
            ["oneOf"] = new JsonArray([.. mapping.Select(m => (JsonNode)Ref(m.Key + "Change"))]),
            ["discriminator"] = new JsonObject { ["propertyName"] = Kind, ["mapping"] = mapping },
        };
    }

    private static JsonObject Query(string name, string description, JsonObject schema, bool explode = true)
    {
        var parameter = new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description };
        if (!explode)
        {
            parameter["style"] = "form";
            parameter["explode"] = false;
        }

        parameter["schema"] = schema;
        return parameter;
    }

    private static JsonObject Header(string name, string description, JsonObject schema) =>
        new() { ["name"] = name, ["in"] = "header", ["required"] = true, ["description"] = description, ["schema"] = schema };

    private static JsonObject ErrorResponse(string description, JsonObject? headers = null)
    {
        var response = new JsonObject { ["description"] = description };
        if (headers is not null)
        {
            response["headers"] = headers;
        }

        response["content"] = Json(Ref("Error"));
        return response;
    }

    private static JsonObject Json(JsonObject schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Ref(string schema) => new() { ["$ref"] = Schemas + schema };

    private static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static byte[] Write(JsonObject document)
    {
        // Relaxed escaping: the descriptions' quotes and non-ASCII text stay readable in the committed copy. The
        // writer's line breaks are "\n" on every system, so the bytes are the same wherever the hub runs.
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }
}
