using System.Globalization;
using System.Text.Json;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Field;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// The engineer's phone page (issue 24 item 2): an engineer's tickets, a machine's record, service reports.
internal sealed partial class SqliteRulesUnitOfWork
{
    public async Task<IReadOnlyList<ServiceTicket>> FieldTicketsAsync(string engineerId, IReadOnlyList<string> queues, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd(string.Empty);
        Add(command, "@engineer", engineerId);
        Add(command, "@take", take);
        var inQueues = "0";
        if (queues.Count > 0)
        {
            var names = new List<string>();
            for (var i = 0; i < queues.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@q{i}");
                Add(command, name, queues[i]);
                names.Add(name);
            }

            // The queue lives in the ticket's body only; open tickets are few, so the scan is short.
            inQueues = $"(assignee IS NULL AND json_extract(body, '$.queue') IN ({string.Join(", ", names)}))";
        }

        command.CommandText = $"""
            SELECT {TicketColumns} FROM tickets
            WHERE status IN ('Open', 'Acknowledged') AND (assignee = @engineer OR {inQueues})
            ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, opened_at LIMIT @take
            """;
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServiceTicket>> TicketsOfAssetAsync(string assetId, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {TicketColumns} FROM tickets WHERE asset_id = @a ORDER BY opened_at DESC LIMIT @take");
        Add(command, "@a", assetId);
        Add(command, "@take", take);
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OpenAlarm>> OpenAlarmsOfAssetAsync(string assetId, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            SELECT code, severity, raised_at, text_en, ticket_no FROM alarms
            WHERE asset_id = @a AND cleared_at IS NULL ORDER BY raised_at DESC LIMIT @take
            """);
        Add(command, "@a", assetId);
        Add(command, "@take", take);
        var alarms = new List<OpenAlarm>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alarms.Add(new OpenAlarm(reader.GetString(0), reader.GetString(1), FromMicros(reader.GetInt64(2)), NullableString(reader, 3), NullableString(reader, 4)));
        }

        return alarms;
    }

    public async Task<(ServiceReport Stored, bool Added)> AddServiceReportAsync(ServiceReport report, CancellationToken cancellationToken)
    {
        await using var insert = Cmd("""
            INSERT INTO service_reports (report_id, ticket_no, engineer, received_at, body) VALUES (@id, @t, @e, @at, @body)
            ON CONFLICT (report_id) DO NOTHING
            """);
        Add(insert, "@id", report.ReportId);
        Add(insert, "@t", report.TicketNo);
        Add(insert, "@e", report.Engineer);
        Add(insert, "@at", Micros(report.ReceivedAt));
        Add(insert, "@body", JsonSerializer.Serialize(report, FieldJson.Default.ServiceReport));
        var added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        await using var read = Cmd("SELECT body FROM service_reports WHERE report_id = @id");
        Add(read, "@id", report.ReportId);
        var stored = await ReadReportsAsync(read, cancellationToken).ConfigureAwait(false);
        return (stored[0], added);
    }

    public async Task<IReadOnlyList<ServiceReport>> ServiceReportsAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM service_reports WHERE ticket_no = @t ORDER BY received_at, report_id");
        Add(command, "@t", ticketNo);
        return await ReadReportsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ServiceReport>> ReadReportsAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
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
