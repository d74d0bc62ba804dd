using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// Records an engineer's part request on a ticket (issue 24 item 3): each line checked against the imported stock, the
/// request, the ticket's history entry and the ERP's outbox message committed together. The client's request id makes
/// it idempotent: the same id again is answered from the store, and nothing is recorded or sent twice.
/// </summary>
internal sealed class PartRequestWorkflow(
    IPartRequestStore store, HubOptions options, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal enqueued, ILogger<PartRequestWorkflow> logger)
{
    /// <summary>The counter of request numbers, shared by every node of one database.</summary>
    public const string Counter = "part-request";

    private readonly bool _posts = options.Parts.Export.Rest.Url is { Length: > 0 };
    private readonly bool _sends = options.Parts.Export.Folder is { Length: > 0 } || options.Parts.Export.Rest.Url is { Length: > 0 };

    /// <param name="ticketNo">The ticket the parts are for.</param>
    /// <param name="input">The checked request body.</param>
    /// <param name="user">The desk user asking.</param>
    /// <param name="engineer">
    /// The field engineer asking, or null for the desk: an engineer may request parts only on a ticket the phone page
    /// shows them (<see cref="FieldAccess.MaySee"/>), checked here on the ticket this transaction reads, before anything
    /// else (a repeated request id included), and any other ticket is answered as an unknown one.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<PartRequestOutcome> RequestAsync(string ticketNo, PartRequestInput input, string user, FieldEngineer? engineer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Twice at most: a resend that raced the first finds the first's row on the second pass.
        for (var pass = 0; ; pass++)
        {
            await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
            var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
            if (engineer is not null && (ticket is null || !FieldAccess.MaySee(engineer, ticket)))
            {
                FieldLog.NotTheirs(logger, engineer.Id, LogText.Escape(ticketNo));
                return PartRequestOutcome.Refused("not_found", PartsAccess.NotFound(ticketNo));
            }

            if (await tx.FindPartRequestAsync(input.RequestId, cancellationToken).ConfigureAwait(false) is { } earlier)
            {
                return Repeat(earlier, ticketNo, user);
            }

            if (ticket is null)
            {
                return PartRequestOutcome.Refused("not_found", $"No ticket {ticketNo}.");
            }

            if (!ticket.IsOpen)
            {
                return PartRequestOutcome.Refused("invalid_state", $"Ticket {ticketNo} is {ticket.Status}; parts are requested on open tickets.");
            }

            var stock = await tx.StockOfItemsAsync([.. input.Lines.Select(l => l.ItemCode)], cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var number = await tx.NextAsync(Counter, cancellationToken).ConfigureAwait(false);
            var request = new PartRequest
            {
                RequestNo = string.Create(CultureInfo.InvariantCulture, $"PR-{now.UtcDateTime.Year}-{number:D6}"),
                RequestId = input.RequestId,
                TicketNo = ticket.TicketNo,
                RequestedBy = user,
                RequestedAt = now,
                Lines = [.. input.Lines.Select(l =>
                {
                    var availability = PartAvailability.Of(l.ItemCode, stock);
                    return new PartRequestLine(l.ItemCode, l.Quantity, PartLineStatus.Of(availability, l.Quantity), availability.TotalAvailable, availability.Unit);
                })],
            };
            if (!await tx.AddPartRequestAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (pass > 0)
                {
                    throw new InvalidOperationException($"Part request {input.RequestId} is neither recorded nor recordable.");
                }

                continue;
            }

            await tx.AddHistoryAsync(ticket.TicketNo, now, user, "parts-requested", History(request), false, cancellationToken).ConfigureAwait(false);
            if (_sends)
            {
                await tx.EnqueueAsync(PartRequestExport.Message(request, now), cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (_sends)
            {
                enqueued.Pulse();
            }
            else
            {
                PartsLog.NotSent(logger, request.RequestNo);
            }

            PartsLog.Recorded(logger, request.RequestNo, request.TicketNo, user, request.Lines.Count,
                request.Lines.Count(l => l.Status == PartLineStatus.Short), request.Lines.Count(l => l.Status == PartLineStatus.Unknown));
            return PartRequestOutcome.Answered(PartRequestAnswer.Of(request));
        }
    }

    private PartRequestOutcome Repeat(PartRequest earlier, string ticketNo, string user)
    {
        if (!string.Equals(earlier.TicketNo, ticketNo, StringComparison.Ordinal))
        {
            return PartRequestOutcome.Refused("conflict", $"requestId {earlier.RequestId} was used for a request on another ticket; make a new id for each request.");
        }

        PartsLog.Repeated(logger, earlier.RequestId, ticketNo, user, earlier.RequestNo);
        return PartRequestOutcome.Answered(PartRequestAnswer.Of(earlier));
    }

    /// <summary>The history entry: every line with its answer, so the desk sees what was short or unknown at the time.</summary>
    private string History(PartRequest request)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Parts requested ({request.RequestNo}): ");
        text.AppendJoin("; ", request.Lines.Select(l => l.Status switch
        {
            PartLineStatus.Available => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} × {l.ItemCode} available"),
            PartLineStatus.Short => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} × {l.ItemCode} SHORT ({l.Available} available)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} × {l.ItemCode} UNKNOWN (no stock level from the ERP)"),
        }));
        var marked = request.Lines.Any(l => l.Status != PartLineStatus.Available) ? ", short and unknown lines marked" : string.Empty;
        text.Append(_posts ? $". Sent to the ERP by REST (Idempotency-Key {request.RequestNo}){marked}."
            : _sends ? $". Sent to the ERP as {PartRequestExport.Table(request).FileName}{marked}."
            : ". Not sent to the ERP: no export folder or REST endpoint is configured (Hub:Parts:Export:Folder, Hub:Parts:Export:Rest:Url).");
        return text.ToString();
    }
}
