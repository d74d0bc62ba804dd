namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// The answer to a proposal: the recorded change; or, for a check or a change with unconfirmed hints, the values as the
/// clean-up rules normalised them and the hints; or an error with its HTTP status.
/// </summary>
internal sealed record ProposeOutcome
{
    public int Status { get; init; } = StatusCodes.Status200OK;

    public string? Error { get; init; }

    public string? Message { get; init; }

    public ProfileChange? Change { get; init; }

    public IReadOnlyDictionary<string, string?>? Values { get; init; }

    public IReadOnlyList<string> Hints { get; init; } = [];

    public IReadOnlyDictionary<string, string>? Suggestions { get; init; }

    public static ProposeOutcome Refused(int status, string error, string message) => new() { Status = status, Error = error, Message = message };
}
