using System.Globalization;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// A low score's follow-up (issue 24 item 5): a ticket of its own, code <c>survey:&lt;ticket number&gt;</c>, in the
/// supervisors' queue (<c>Hub:Portal:Survey:FollowUpQueue</c>), on the same machine and customer. A ticket rather than
/// a flag on a desk page: it is in the queue every supervisor already watches, live on every node, with an SLA (respond
/// within a day, resolve within five) that escalates like any other, a history, and an assignee who calls back.
/// Resolving it sends no survey.
/// </summary>
internal static class SurveyFollowUps
{
    public const string CodePrefix = "survey:";

    /// <summary>The history's actor of what the survey does.</summary>
    public const string Actor = "survey";

    private static readonly TimeSpan RespondWithin = TimeSpan.FromDays(1);
    private static readonly TimeSpan ResolveWithin = TimeSpan.FromDays(5);

    public static bool IsFollowUp(ServiceTicket ticket) => ticket.AlarmCode.StartsWith(CodePrefix, StringComparison.Ordinal);

    public static bool IsLow(SurveyAnswer answer, SurveyOptions options) => answer.Rating <= options.LowRating || answer.Score <= options.LowScore;

    /// <summary>Opens the follow-up of <paramref name="surveyed"/> in <paramref name="tx"/>.</summary>
    public static async Task<ServiceTicket> OpenAsync(
        IRulesUnitOfWork tx, ServiceTicket surveyed, SurveyAnswer answer, SurveyOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var number = await tx.NextAsync("ticket", cancellationToken).ConfigureAwait(false);
        var ticket = new ServiceTicket
        {
            TicketNo = string.Create(CultureInfo.InvariantCulture, $"T-{now.UtcDateTime.Year}-{number:D6}"),
            AssetId = surveyed.AssetId,
            CustomerCode = surveyed.CustomerCode,
            AlarmCode = CodePrefix + surveyed.TicketNo,
            Priority = TicketPriority.P2,
            Queue = options.FollowUpQueue,
            OpenedAt = now,
            RespondBy = now + RespondWithin,
            ResolveBy = now + ResolveWithin,
            LastOccurrenceAt = now,
        };
        await tx.SaveTicketAsync(ticket, now, cancellationToken).ConfigureAwait(false);
        await tx.AddHistoryAsync(ticket.TicketNo, now, Actor, "opened", string.Create(CultureInfo.InvariantCulture,
            $"Low satisfaction score on {surveyed.TicketNo} (engineer {surveyed.Assignee ?? surveyed.Queue ?? "none"}): rating {answer.Rating}/5, recommendation {answer.Score}/10. Call the customer back."),
            false, cancellationToken).ConfigureAwait(false);
        return ticket;
    }
}
