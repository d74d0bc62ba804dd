using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// Where the engineer's visit stands, read from the ticket's history (the field actions' times are history entries,
/// so they commit with the ticket and the desk sees them in the same list): accepted, on the way, arrived, resolved.
/// A reassignment starts the visit over: the new engineer accepts again.
/// </summary>
internal sealed record FieldProgress(DateTimeOffset? AcceptedAt, DateTimeOffset? OnMyWayAt, DateTimeOffset? ArrivedAt, DateTimeOffset? ResolvedAt)
{
    public const string Accepted = "field-accepted";
    public const string OnMyWay = "field-on-my-way";
    public const string Arrived = "field-arrived";

    /// <summary>The next field action the ticket allows (the page's one button), or null when the visit is over.</summary>
    public string? Next => (AcceptedAt, OnMyWayAt, ArrivedAt, ResolvedAt) switch
    {
        (_, _, _, not null) => null,
        (null, _, _, _) => "accept",
        (_, null, _, _) => "on-my-way",
        (_, _, null, _) => "arrived",
        _ => "resolve",
    };

    public static FieldProgress From(IReadOnlyList<TicketHistoryEntry> history)
    {
        var progress = new FieldProgress(null, null, null, null);
        foreach (var entry in history)
        {
            progress = entry.Action switch
            {
                "assigned" => new FieldProgress(null, null, null, null),
                Accepted => progress with { AcceptedAt = entry.At },
                OnMyWay => progress with { OnMyWayAt = entry.At },
                Arrived => progress with { ArrivedAt = entry.At },
                "resolved" => progress with { ResolvedAt = entry.At },
                _ => progress,
            };
        }

        return progress;
    }
}
