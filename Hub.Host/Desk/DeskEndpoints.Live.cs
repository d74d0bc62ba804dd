using System.Net.ServerSentEvents;
using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using IntegrationHub.Hub.Host.Web;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Desk;

// The desk's live queue (issue 18 item 4): instead of each open desk page re-reading the queue every 3 s, one
// server-sent event stream per page, re-read when the change feed tells of a committed ticket change on any node.
internal static partial class DeskEndpoints
{
    /// <summary>
    /// The ticket queue as server-sent events, with <c>/api/desk/tickets</c>'s filters: a <c>queue</c> event (the same
    /// body as the list) at once and whenever the list changes. Re-read when a ticket is written on any node, and at the
    /// latest every <c>Hub:Portal:LiveInterval</c> (SLA states move with the clock); the desk session is checked before
    /// every read, so a signed-out or disabled user's stream ends. Each user may keep
    /// <c>Hub:Portal:MaxLivePagesPerCustomer</c> streams open, as a portal customer may.
    /// </summary>
    private static async Task<IResult> StreamQueueAsync(
        ClaimsPrincipal user, IRulesStore rulesStore, IChangeFeed feed, PortalLiveStreams streams, DeskSessions sessions,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, HubOptions options, ILogger<DeskSessions> logger,
        CancellationToken cancellationToken,
        string? status = null, string? priority = null, string? assignee = null, string? customer = null, int skip = 0, int take = 50)
    {
        if (QueueQuery(status, priority, assignee, customer, skip, take, out var query) is { } invalid)
        {
            return invalid;
        }

        var userName = DeskAuthentication.UserName(user);
        // The portal's counter, keyed apart: a desk user's streams never count against a customer's.
        var lease = streams.TryOpen("desk:" + userName, options.Portal.MaxLivePagesPerCustomer);
        if (lease is null)
        {
            return TypedResults.Json(
                new DeskError("too_many_live_pages", $"You have {options.Portal.MaxLivePagesPerCustomer} desk pages open with live updates; close one and reload."),
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var serializer = json.Value.SerializerOptions;
        var changes = feed.Subscribe(n => n.Kind is ChangeKind.Ticket or ChangeKind.Credentials);
        return TypedResults.ServerSentEvents(LiveEventStream.RunAsync(changes, lease, async ct =>
        {
            if (await sessions.RefusalAsync(user, ct).ConfigureAwait(false) is { } refusal)
            {
                LiveLog.DeskQueueClosed(logger, userName, refusal);
                return null;
            }

            var body = JsonSerializer.Serialize(await ReadQueueAsync(rulesStore, query, time, ct).ConfigureAwait(false), serializer);
            return new LiveRead(body, new SseItem<string>(body, "queue"));
        }, time, options.Portal.LiveInterval, cancellationToken));
    }
}
