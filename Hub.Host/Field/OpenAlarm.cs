namespace IntegrationHub.Hub.Host.Field;

/// <summary>An alarm of a machine that has not cleared, as the machine's record on the phone page lists it.</summary>
internal sealed record OpenAlarm(string Code, string Severity, DateTimeOffset RaisedAt, string? Text, string? TicketNo);
