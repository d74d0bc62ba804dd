namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>A service engineer on the roster, with the load the store counted.</summary>
public sealed record Engineer
{
    /// <summary>The engineer's id; the last tie-break (ordinal order).</summary>
    public required string Id { get; init; }

    public string? Name { get; init; }

    /// <summary>The region the engineer covers; compared case-insensitively with the customer's.</summary>
    public required string Region { get; init; }

    /// <summary>The engineer's skills; compared case-insensitively.</summary>
    /// <value>The default value is no skills.</value>
    public IReadOnlyCollection<string> Skills { get; init; } = [];

    /// <summary>The engineer's open tickets now.</summary>
    public int OpenTickets { get; init; }

    /// <summary>Whether the engineer takes tickets now.</summary>
    /// <value>The default value is true.</value>
    public bool OnDuty { get; init; } = true;

    internal bool HasSkill(string skill) => Skills.Any(s => string.Equals(s, skill, StringComparison.OrdinalIgnoreCase));
}
