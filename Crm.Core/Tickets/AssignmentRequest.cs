namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>What a ticket needs from its engineer.</summary>
public sealed record AssignmentRequest
{
    /// <summary>The customer's region; null matches any engineer's region.</summary>
    public string? Region { get; init; }

    /// <summary>The skill the asset or alarm needs (for example <c>hydraulics</c>); null for none.</summary>
    public string? RequiredSkill { get; init; }
}
