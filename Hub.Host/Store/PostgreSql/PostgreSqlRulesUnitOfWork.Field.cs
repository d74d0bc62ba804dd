using System.Text.Json;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Field;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// The engineer's phone page (issue 24 item 2), as SqliteRulesUnitOfWork.Field.cs keeps it.
internal sealed partial class PostgreSqlRulesUnitOfWork
{
    public async Task<IReadOnlyList<ServiceTicket>> FieldTicketsAsync(string engineerId, IReadOnlyList<string> queues, int take, CancellationToken cancellationToken)
    {
        // The queue lives in the ticket's body only; open tickets are few, so the scan is short.
        await using var command = Cmd("""
            SELECT body FROM tickets
            WHERE status IN ('Open', 'Acknowledged')
              AND (assignee = $1 OR (assignee IS NULL AND (body::jsonb ->> 'queue') = ANY($2)))
            ORDER BY due_at NULLS LAST, opened_at LIMIT $3
            """, Pg.Text(engineerId), Pg.TextArray(queues), Pg.Integer(take));
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServiceTicket>> TicketsOfAssetAsync(string assetId, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM tickets WHERE asset_id = $1 ORDER BY opened_at DESC LIMIT $2", Pg.Text(assetId), Pg.Integer(take));
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OpenAlarm>> OpenAlarmsOfAssetAsync(string assetId, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            SELECT code, severity, raised_at, text_en, ticket_no FROM alarms
            WHERE asset_id = $1 AND cleared_at IS NULL ORDER BY raised_at DESC LIMIT $2
            """, Pg.Text(assetId), Pg.Integer(take));
        var alarms = new List<OpenAlarm>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alarms.Add(new OpenAlarm(reader.GetString(0), reader.GetString(1), StoreTime.FromMicros(reader.GetInt64(2)), NullableString(reader, 3), NullableString(reader, 4)));
        }

        return alarms;
    }

    public async Task<(ServiceReport Stored, bool Added)> AddServiceReportAsync(ServiceReport report, CancellationToken cancellationToken)
    {
        // A resend racing the first send waits on the row's unique key until that transaction ends, then does nothing.
        await using var insert = Cmd("""
            INSERT INTO service_reports (report_id, ticket_no, engineer, received_at, body) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (report_id) DO NOTHING
            """,
            Pg.Text(report.ReportId), Pg.Text(report.TicketNo), Pg.Text(report.Engineer), Pg.Micros(report.ReceivedAt),
            Pg.Text(JsonSerializer.Serialize(report, FieldJson.Default.ServiceReport)));
        var added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        await using var read = Cmd("SELECT body FROM service_reports WHERE report_id = $1", Pg.Text(report.ReportId));
        var stored = await ReadReportsAsync(read, cancellationToken).ConfigureAwait(false);
        return (stored[0], added);
    }

    public async Task<IReadOnlyList<ServiceReport>> ServiceReportsAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM service_reports WHERE ticket_no = $1 ORDER BY received_at, report_id", Pg.Text(ticketNo));
        return await ReadReportsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ServiceReport>> ReadReportsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reports = new List<ServiceReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reports.Add(JsonSerializer.Deserialize(reader.GetString(0), FieldJson.Default.ServiceReport)
                ?? throw new InvalidDataException("A stored service report is the JSON null."));
        }

        return reports;
    }
}
