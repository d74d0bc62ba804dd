namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>
/// One pattern's outcome: tickets made and cleared, the condition events the reference client read (raises, clears),
/// the hub adapter's conditionEvents count, the latencies (sorted, ms) from server event Time to the ticket row and to
/// the reference's read, the 1-minute load before and after the raises, the hub's CPU seconds over the run, and the
/// longest raising Write (ms): the server raising one batch.
/// </summary>
internal sealed record AlarmRunResult(
    string Pattern, int Tickets, int Cleared, int ReferenceRaises, int ReferenceClears, long HubEvents,
    IReadOnlyList<double> TicketMs, IReadOnlyList<double> ReferenceMs, double LoadBefore, double LoadAfterRaise, double HubCpuSeconds, double LongestRaiseWriteMs);
