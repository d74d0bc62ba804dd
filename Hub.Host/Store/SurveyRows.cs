using System.Data;
using IntegrationHub.Hub.Host.Surveys;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// A <c>survey_invitations</c> row as both stores select it (issue 24 item 5), in the column order of
/// <see cref="Columns"/>: one reading of the row for SQLite's and PostgreSQL's unit of work.
/// </summary>
internal static class SurveyRows
{
    public const string Columns =
        "id_hash, ticket_no, customer_code, engineer, category, resolved_at, expires_at, answered_at, rating, score, comment, follow_up_ticket_no";

    public static SurveyInvitation Read(IDataRecord row)
    {
        string? Text(int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
        var answeredAt = row.IsDBNull(7) ? (DateTimeOffset?)null : StoreTime.FromMicros(row.GetInt64(7));
        return new SurveyInvitation
        {
            IdHash = row.GetString(0),
            TicketNo = row.GetString(1),
            CustomerCode = row.GetString(2),
            Engineer = Text(3),
            Category = row.GetString(4),
            ResolvedAt = StoreTime.FromMicros(row.GetInt64(5)),
            ExpiresAt = StoreTime.FromMicros(row.GetInt64(6)),
            AnsweredAt = answeredAt,
            Answer = answeredAt is null ? null : new SurveyAnswer(row.GetInt32(8), row.GetInt32(9), Text(10)),
            FollowUpTicketNo = Text(11),
        };
    }
}
