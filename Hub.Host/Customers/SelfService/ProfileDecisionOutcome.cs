namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>How a decision ended: <c>decided</c>, <c>not_found</c>, <c>already_decided</c> (the change as it was decided) or <c>conflict</c>.</summary>
internal sealed record ProfileDecisionOutcome(string Result, ProfileChange? Change, string? Conflict = null)
{
    public const string DecidedResult = "decided";
    public const string NotFoundResult = "not_found";
    public const string AlreadyDecidedResult = "already_decided";
    public const string ConflictResult = "conflict";
}
