namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// The surveys' part of a rules unit of work (<see cref="Store.IRulesUnitOfWork"/>, implemented by both stores'), so
/// that an invitation is written in the resolve's transaction with its outbox message, and an answer, its used-mark,
/// the ticket's history entry and a follow-up ticket commit together.
/// </summary>
internal interface ISurveyUnitOfWork
{
    /// <summary>Stores a ticket's invitation; false, and nothing stored, when the ticket has one already (one survey per ticket).</summary>
    Task<bool> AddSurveyInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken);

    /// <summary>The invitation stored under the hash of a link's random part, or null.</summary>
    Task<SurveyInvitation?> SurveyInvitationAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>The ticket's invitation, or null.</summary>
    Task<SurveyInvitation?> SurveyOfTicketAsync(string ticketNo, CancellationToken cancellationToken);

    /// <summary>
    /// Records the answer and marks the link used, in one statement that only matches a link not answered and not
    /// expired at <paramref name="now"/>: of two submits of one link, one wins and the other gets false.
    /// </summary>
    Task<bool> AnswerSurveyAsync(string idHash, SurveyAnswer answer, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Notes the follow-up ticket a low score opened.</summary>
    Task SetSurveyFollowUpAsync(string idHash, string followUpTicketNo, CancellationToken cancellationToken);

    /// <summary>The surveys answered in [<paramref name="from"/>, <paramref name="to"/>), newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<SurveyInvitation>> SurveyAnswersAsync(DateTimeOffset from, DateTimeOffset to, int take, CancellationToken cancellationToken);
}
