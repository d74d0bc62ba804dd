using IntegrationHub.Hub.Host.Surveys;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Satisfaction surveys (issue 24 item 5, schema step 17), as SqliteRulesUnitOfWork.Surveys.cs keeps them. Of two
// answers of one link at once, the second UPDATE waits for the first's row lock, re-reads the row after its commit,
// and no longer matches "answered_at IS NULL".
internal sealed partial class PostgreSqlRulesUnitOfWork : ISurveyUnitOfWork
{
    public async Task<bool> AddSurveyInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO survey_invitations (id_hash, ticket_no, customer_code, engineer, category, resolved_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT DO NOTHING
            """,
            Pg.Text(invitation.IdHash), Pg.Text(invitation.TicketNo), Pg.Text(invitation.CustomerCode), Pg.Text(invitation.Engineer),
            Pg.Text(invitation.Category), Pg.Micros(invitation.ResolvedAt), Pg.Micros(invitation.ExpiresAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<SurveyInvitation?> SurveyInvitationAsync(string idHash, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {SurveyRows.Columns} FROM survey_invitations WHERE id_hash = $1", Pg.Text(idHash));
        return (await ReadSurveysAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<SurveyInvitation?> SurveyOfTicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {SurveyRows.Columns} FROM survey_invitations WHERE ticket_no = $1", Pg.Text(ticketNo));
        return (await ReadSurveysAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<bool> AnswerSurveyAsync(string idHash, SurveyAnswer answer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            UPDATE survey_invitations SET answered_at = $2, rating = $3, score = $4, comment = $5
            WHERE id_hash = $1 AND answered_at IS NULL AND expires_at > $2
            """,
            Pg.Text(idHash), Pg.Micros(now), Pg.Integer(answer.Rating), Pg.Integer(answer.Score), Pg.Text(answer.Comment));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task SetSurveyFollowUpAsync(string idHash, string followUpTicketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("UPDATE survey_invitations SET follow_up_ticket_no = $2 WHERE id_hash = $1", Pg.Text(idHash), Pg.Text(followUpTicketNo));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SurveyInvitation>> SurveyAnswersAsync(DateTimeOffset from, DateTimeOffset to, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"""
            SELECT {SurveyRows.Columns} FROM survey_invitations
            WHERE answered_at >= $1 AND answered_at < $2 ORDER BY answered_at DESC, id_hash LIMIT $3
            """,
            Pg.Micros(from), Pg.Micros(to), Pg.Integer(take));
        return await ReadSurveysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<SurveyInvitation>> ReadSurveysAsync(NpgsqlCommand command, CancellationToken cancellationToken)
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
