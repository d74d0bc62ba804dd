using System.Globalization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// The survey page's two steps (issue 24 item 5): what a link is about, and its answer. A link works once and only for
/// its ticket: anything else (not sealed by this hub, sealed for another ticket, used, expired) is null, one answer
/// for all, so that a caller cannot tell a forged link from a used one.
/// </summary>
internal sealed class SurveyAnswers(IRulesStore store, SurveyLinks links, HubOptions options, TimeProvider time, ILogger<SurveyAnswers> logger)
{
    private readonly SurveyOptions _survey = options.Portal.Survey;

    /// <summary>What the link is about; null when it cannot be answered.</summary>
    public async Task<SurveyView?> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } sealedLink)
        {
            return null;
        }

        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var invitation = await Surveys(tx).SurveyInvitationAsync(sealedLink.IdHash, cancellationToken).ConfigureAwait(false);
        if (!Answerable(invitation, sealedLink.TicketNo, time.GetUtcNow()))
        {
            return null;
        }

        var ticket = await tx.TicketAsync(invitation!.TicketNo, cancellationToken).ConfigureAwait(false);
        var customer = await tx.EntityAsync(EntityKind.Customer, invitation.CustomerCode, cancellationToken).ConfigureAwait(false) as Customer;
        return new SurveyView(invitation.TicketNo, ticket?.AssetId, customer?.Language, invitation.ExpiresAt);
    }

    /// <summary>
    /// Stores the answer with its ticket: the used-mark, the ticket's history entry and, for a low score, the
    /// follow-up ticket commit together. False when the link cannot be answered (nothing is stored).
    /// </summary>
    public async Task<bool> SubmitAsync(string? token, SurveyAnswer answer, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } sealedLink)
        {
            return false;
        }

        var now = time.GetUtcNow();
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var surveys = Surveys(tx);
        var invitation = await surveys.SurveyInvitationAsync(sealedLink.IdHash, cancellationToken).ConfigureAwait(false);
        if (!Answerable(invitation, sealedLink.TicketNo, now) || !await surveys.AnswerSurveyAsync(sealedLink.IdHash, answer, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await RecordAsync(tx, surveys, invitation!, answer, string.Empty, now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Stores an answer given in chat (<c>评价 T-… 5 9 …</c>) by a chat user linked to <paramref name="customerCode"/>:
    /// the same one-time rules as a link's (once per ticket, not after expiry), and only for the ticket's own customer.
    /// False, and nothing stored, for a ticket without an answerable survey and for another customer's alike.
    /// </summary>
    public async Task<bool> SubmitForCustomerAsync(string customerCode, string ticketNo, SurveyAnswer answer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var surveys = Surveys(tx);
        var invitation = await surveys.SurveyOfTicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (invitation is null || !string.Equals(invitation.CustomerCode, customerCode, StringComparison.Ordinal) || !Answerable(invitation, ticketNo, now)
            || !await surveys.AnswerSurveyAsync(invitation.IdHash, answer, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await RecordAsync(tx, surveys, invitation, answer, " (answered in chat)", now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    // After the used-mark: the ticket's history entry and a low score's follow-up, committed with it.
    private async Task RecordAsync(IRulesUnitOfWork tx, ISurveyUnitOfWork surveys, SurveyInvitation invitation, SurveyAnswer answer, string via, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticketNo = invitation.TicketNo;
        var comment = answer.Comment is null ? string.Empty : " Comment: " + answer.Comment;
        await tx.AddHistoryAsync(ticketNo, now, SurveyFollowUps.Actor, "survey-answered",
            string.Create(CultureInfo.InvariantCulture, $"The customer rated the service {answer.Rating}/5 and would recommend us {answer.Score}/10{via}.{comment}"),
            false, cancellationToken).ConfigureAwait(false);
        if (SurveyFollowUps.IsLow(answer, _survey) && await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false) is { } surveyed)
        {
            var followUp = await SurveyFollowUps.OpenAsync(tx, surveyed, answer, _survey, now, cancellationToken).ConfigureAwait(false);
            await surveys.SetSurveyFollowUpAsync(invitation.IdHash, followUp.TicketNo, cancellationToken).ConfigureAwait(false);
            SurveyLog.FollowUpOpened(logger, ticketNo, followUp.TicketNo, _survey.FollowUpQueue);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        SurveyLog.Answered(logger, ticketNo, answer.Rating, answer.Score);
    }

    // The token names the ticket it was sealed for: a stored hash reached with another ticket's number is refused.
    private static bool Answerable(SurveyInvitation? invitation, string ticketNo, DateTimeOffset now) =>
        invitation is not null && string.Equals(invitation.TicketNo, ticketNo, StringComparison.Ordinal) && invitation.AnsweredAt is null && invitation.ExpiresAt > now;

    private static ISurveyUnitOfWork Surveys(IRulesUnitOfWork tx) =>
        tx as ISurveyUnitOfWork ?? throw new InvalidOperationException($"The store's unit of work ({tx.GetType().Name}) keeps no surveys.");
}
