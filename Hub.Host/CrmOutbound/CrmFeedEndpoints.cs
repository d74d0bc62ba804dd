using System.Buffers;
using System.Text.Json;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// <c>GET /api/crm/changes</c>: the change feed for a CRM that pulls (issue 23 item 1). Canonical entities, service
/// tickets and order-progress snapshots in commit order, a page at a time, with a cursor to resume from.
/// </summary>
internal static class CrmFeedEndpoints
{
    public const string Path = "/api/crm/changes";

    public static IEndpointRouteBuilder MapCrmApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, GetChangesAsync);
        endpoints.MapCrmOpenApi();
        return endpoints;
    }

    private static async Task<IResult> GetChangesAsync(
        HttpContext http, CrmApiKeys keys, ICrmFeedStore feed, IHubStore store, CrmCursor cursors, TimeProvider time,
        ILogger<CrmApiKeys> logger, CancellationToken cancellationToken)
    {
        var remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (CrmFeedQuery.KeyParameter(http.Request.Query) is { } keyParameter)
        {
            CrmLog.KeyInUrl(logger, remote, CrmText.Quote(keyParameter));
            return Error(new CrmError("key_in_url",
                $"API keys are accepted in the {CrmApiKeys.Header} header only, never in the URL (parameter {CrmText.Quote(keyParameter)}): URLs end up in logs. Treat this key as leaked: revoke it (hub crm revoke-key) and issue another.",
                keyParameter), StatusCodes.Status400BadRequest);
        }

        if (await keys.AuthenticateAsync(http.Request.Headers[CrmApiKeys.Header].FirstOrDefault(), cancellationToken).ConfigureAwait(false) is not { } key)
        {
            // One answer for a missing, unknown and revoked key, so the API does not tell which keys exist.
            CrmLog.Unauthorized(logger, remote);
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{CrmApiKeys.Header}\"";
            return Error(new CrmError("unauthorized",
                $"Send a valid API key in the {CrmApiKeys.Header} header; IT issues one with: hub crm issue-key"), StatusCodes.Status401Unauthorized);
        }

        var (query, invalid) = CrmFeedQuery.Parse(http.Request.Query);
        if (query is null)
        {
            return Error(invalid!, StatusCodes.Status400BadRequest);
        }

        var kinds = query.Kinds ?? key.Kinds;
        var outside = kinds.Where(k => !key.Kinds.Contains(k, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
        {
            return Error(new CrmError("kind_not_allowed",
                $"This API key may not read {string.Join(", ", outside)}; it may read {string.Join(", ", key.Kinds)}. Ask IT for a key with those kinds.",
                "kinds"), StatusCodes.Status403Forbidden);
        }

        (string Epoch, long Id)? after = null;
        if (query.After is { Length: > 0 } afterText && (after = cursors.Read(afterText)) is null)
        {
            return Error(new CrmError("invalid_cursor",
                "Parameter after is not a cursor of this hub's change feed (garbled, edited or cut); pass the 'next' value of the previous page as it is, or leave after out to start from the beginning.",
                "after"), StatusCodes.Status400BadRequest);
        }

        // One row more than the page, to tell whether more follow.
        var page = await feed.ReadAsync(after?.Id ?? 0, CrmKinds.Logged(kinds), query.Limit + 1, cancellationToken).ConfigureAwait(false);
        if (after is { } cursor && (cursor.Epoch != page.Epoch || cursor.Id > page.LastId))
        {
            return Error(new CrmError("cursor_from_another_feed",
                "Parameter after is a cursor of another change feed (the hub's store was moved or restored from a backup since): read the feed again from the beginning (leave after out) and match changes by kind and key.",
                "after"), StatusCodes.Status400BadRequest);
        }

        var more = page.Rows.Count > query.Limit;
        var rows = more ? page.Rows.Take(query.Limit).ToList() : page.Rows;
        // A page that is not full has seen everything up to the feed's end in its snapshot, other kinds included.
        var next = more ? rows[^1].Id : Math.Max(page.LastId, after?.Id ?? 0);
        var progress = kinds.Contains(CrmKinds.OrderProgress)
            ? await ProgressAsync(rows, store, time, cancellationToken).ConfigureAwait(false)
            : [];
        return Results.Bytes(Write(rows, kinds, progress, cursors.Write(page.Epoch, next), more), "application/json");
    }

    /// <summary>The current progress of each order the page touches, keyed by the position of its last change in the page.</summary>
    private static async Task<Dictionary<long, OrderProgress>> ProgressAsync(
        IReadOnlyList<CrmChangeRow> rows, IHubStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.OrderNo is not null && CrmKinds.OrderParts.Contains(r.Kind)))
        {
            last[row.OrderNo!] = row.Id;
        }

        var progress = new Dictionary<long, OrderProgress>();
        if (last.Count == 0)
        {
            return progress;
        }

        var now = time.GetUtcNow();
        // An order whose header has not arrived yet (a line or shipment came first) has no snapshot: no progress yet.
        foreach (var snapshot in await store.GetOrderSnapshotsAsync(last.Keys, cancellationToken).ConfigureAwait(false))
        {
            if (last.TryGetValue(snapshot.Order.OrderNo, out var position))
            {
                progress[position] = OrderProgressCalculator.Compute(snapshot, now);
            }
        }

        return progress;
    }

    private static ReadOnlyMemory<byte> Write(
        IReadOnlyList<CrmChangeRow> rows, IReadOnlyList<string> kinds, Dictionary<long, OrderProgress> progress, string next, bool more)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(CrmEnvelopeFields.Changes);
            foreach (var row in rows)
            {
                if (kinds.Contains(row.Kind, StringComparer.Ordinal))
                {
                    WriteChange(writer, row.Id, row.Kind, row.Key, row.OrderNo);
                    // The entity's JSON as the store committed it (written by the hub's own serializer).
                    writer.WriteRawValue(row.Body);
                    writer.WriteEndObject();
                }

                if (progress.TryGetValue(row.Id, out var snapshot))
                {
                    WriteChange(writer, row.Id, CrmKinds.OrderProgress, row.OrderNo!, row.OrderNo);
                    JsonSerializer.Serialize(writer, snapshot, PortalJsonContext.Default.OrderProgress);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteString(CrmEnvelopeFields.Next, next);
            writer.WriteBoolean(CrmEnvelopeFields.More, more);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    // Opens a change's object up to its "entity" property; the caller writes the value and closes the object.
    private static void WriteChange(Utf8JsonWriter writer, long position, string kind, string key, string? orderNo)
    {
        writer.WriteStartObject();
        writer.WriteNumber(CrmEnvelopeFields.Position, position);
        writer.WriteString(CrmEnvelopeFields.Kind, kind);
        writer.WriteString(CrmEnvelopeFields.Key, key);
        if (orderNo is not null)
        {
            writer.WriteString(CrmEnvelopeFields.OrderNo, orderNo);
        }

        writer.WritePropertyName(CrmEnvelopeFields.Entity);
    }

    private static IResult Error(CrmError error, int status) =>
        TypedResults.Json(error, CrmJsonContext.Default.CrmError, statusCode: status);
}
