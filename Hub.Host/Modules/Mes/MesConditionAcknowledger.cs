using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// <c>Hub:Mes:Alarms:AcknowledgeOnServer</c> (issue 22 item 1): after the desk acknowledged a ticket, the condition behind
/// it is acknowledged on the MES server with the desk user's comment, and the outcome goes into the ticket's history
/// (internal). A ticket whose machine and code no condition of this node's adapter has reported is left alone.
/// </summary>
/// <remarks>
/// Called after the desk's commit, outside its transaction: a server that is slow or down never holds the desk's
/// acknowledgement back, and a failure is written down, not retried. The adapter that knows the condition's last EventId
/// is the one of the node holding the lease <c>mes</c>; on another node of a cluster the acknowledgement is not sent.
/// </remarks>
internal sealed class MesConditionAcknowledger(MesService mes, IRulesStore rules, TimeProvider time, ILogger<MesConditionAcknowledger> logger)
{
    public const string Actor = "mes";

    public async Task AfterDeskAcknowledgeAsync(string ticketNo, string user, string? comment, CancellationToken cancellationToken)
    {
        Crm.Core.Tickets.ServiceTicket? ticket;
        await using (var read = await rules.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            ticket = await read.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        }

        if (ticket is null || mes.Adapter.Conditions?.AcknowledgeTarget(ticket.AssetId, ticket.AlarmCode) is null)
        {
            return;
        }

        var text = string.IsNullOrWhiteSpace(comment) ? $"Acknowledged in the service desk by {user}" : comment.Trim();
        var outcome = await mes.Adapter.AcknowledgeAsync(ticket.AssetId, ticket.AlarmCode, user, text, cancellationToken).ConfigureAwait(false);
        await using var tx = await rules.BeginAsync(cancellationToken).ConfigureAwait(false);
        await tx.AddHistoryAsync(ticketNo, time.GetUtcNow(), Actor, outcome.Succeeded ? "acknowledged-on-server" : "acknowledge-on-server-failed",
            outcome.Detail, true, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        MesAlarmLog.AcknowledgedOnServer(logger, ticketNo, outcome.Detail);
    }
}
