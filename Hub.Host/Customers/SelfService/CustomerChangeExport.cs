using System.Globalization;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// An approved change as the ERP gets it (issue 23 item 3): one CSV file per change, one row per field with the old and
/// the new value, through the outbox (retries, dead letters, replay) into <c>Hub:Customers:Export:Folder</c>. The
/// folder's writer guards cells that a spreadsheet would run as a formula.
/// </summary>
internal static class CustomerChangeExport
{
    /// <summary>The outbox channel of the ERP's customer import folder; a name with a colon, which no configured channel can have.</summary>
    public const string ChannelName = "customers:erp";

    /// <summary>The outbox audience of messages to the ERP.</summary>
    public const string Audience = "erp";

    /// <summary>The file's columns, in order; the ERP's import maps them by name.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["change_id", "customer_code", "subject", "action", "id", "field", "old_value", "new_value", "approved_by", "approved_at"];

    public static ExportTable Table(ProfileChange change)
    {
        var fields = ProfileSubjects.Fields(change.Subject);
        var at = (change.DecidedAt ?? change.ProposedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new ExportTable
        {
            Kind = "customer-change",
            Id = change.ChangeId,
            Columns = Columns,
            Rows = [.. fields.Select(field => (IReadOnlyList<string>)
            [
                change.ChangeId, change.CustomerCode, change.Subject, change.Action, change.TargetId ?? string.Empty, field,
                change.Old.GetValueOrDefault(field) ?? string.Empty, change.New.GetValueOrDefault(field) ?? string.Empty,
                change.DecidedBy ?? string.Empty, at,
            ])],
        };
    }

    /// <summary>The outbox message that writes the change's file; its event key makes a second one for the same change impossible.</summary>
    public static OutboxMessage Message(ProfileChange change, DateTimeOffset now)
    {
        var table = Table(change);
        return new OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            EventKey = $"customer-change/{change.ChangeId}/{Audience}/{ChannelName}",
            Channel = ChannelName,
            Audience = Audience,
            Subject = $"{table.FileName} ({change.Subject} {change.Action}, customer {change.CustomerCode})",
            Body = table.ToJson(),
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }
}
