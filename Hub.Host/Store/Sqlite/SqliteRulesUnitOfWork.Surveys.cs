using System.Data.Common;
using IntegrationHub.Hub.Host.Surveys;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Satisfaction surveys (issue 24 item 5, schema step 26): written in the rules' transaction, so that an invitation
// commits with the resolve and its outbox message, and an answer with its used-mark, history entry and follow-up.
internal sealed partial class SqliteRulesUnitOfWork : ISurveyUnitOfWork
{
    public async Task<bool> AddSurveyInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO survey_invitations (id_hash, ticket_no, customer_code, engineer, category, resolved_at, expires_at)
            VALUES (@h, @t, @c, @e, @k, @r, @x)
            ON CONFLICT DO NOTHING
            """);
        Add(command, "@h", invitation.IdHash);
        Add(command, "@t", invitation.TicketNo);
        Add(command, "@c", invitation.CustomerCode);
        Add(command, "@e", invitation.Engineer);
        Add(command, "@k", invitation.Category);
        Add(command, "@r", Micros(invitation.ResolvedAt));
        Add(command, "@x", Micros(invitation.ExpiresAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<SurveyInvitation?> SurveyInvitationAsync(string idHash, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {SurveyRows.Columns} FROM survey_invitations WHERE id_hash = @h");
        Add(command, "@h", idHash);
        return (await ReadSurveysAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<SurveyInvitation?> SurveyOfTicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {SurveyRows.Columns} FROM survey_invitations WHERE ticket_no = @t");
        Add(command, "@t", ticketNo);
        return (await ReadSurveysAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<bool> AnswerSurveyAsync(string idHash, SurveyAnswer answer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            UPDATE survey_invitations SET answered_at = @now, rating = @rating, score = @score, comment = @comment
            WHERE id_hash = @h AND answered_at IS NULL AND expires_at > @now
            """);
        Add(command, "@h", idHash);
        Add(command, "@now", Micros(now));
        Add(command, "@rating", answer.Rating);
        Add(command, "@score", answer.Score);
        Add(command, "@comment", answer.Comment);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task SetSurveyFollowUpAsync(string idHash, string followUpTicketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("UPDATE survey_invitations SET follow_up_ticket_no = @f WHERE id_hash = @h");
        Add(command, "@h", idHash);
        Add(command, "@f", followUpTicketNo);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SurveyInvitation>> SurveyAnswersAsync(DateTimeOffset from, DateTimeOffset to, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"""
            SELECT {SurveyRows.Columns} FROM survey_invitations
            WHERE answered_at >= @from AND answered_at < @to ORDER BY answered_at DESC, id_hash LIMIT @take
            """);
        Add(command, "@from", Micros(from));
        Add(command, "@to", Micros(to));
        Add(command, "@take", take);
        return await ReadSurveysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<SurveyInvitation>> ReadSurveysAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var surveys = new List<SurveyInvitation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            surveys.Add(SurveyRows.Read(reader));
        }

        return surveys;
    }
}
