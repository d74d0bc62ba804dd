namespace IntegrationHub.Hub.Host.Parts;

/// <summary>What became of a part request: the answer, or why there is none (an expected failure, a value).</summary>
internal sealed record PartRequestOutcome
{
    public PartRequestAnswer? Answer { get; init; }

    /// <summary>Why there is no answer: <c>not_found</c> (no such ticket), <c>invalid_state</c> (the ticket is not open) or <c>conflict</c> (the request id belongs to another ticket).</summary>
    public string? Error { get; init; }

    public string? Message { get; init; }

    public static PartRequestOutcome Answered(PartRequestAnswer answer) => new() { Answer = answer };

    public static PartRequestOutcome Refused(string error, string message) => new() { Error = error, Message = message };
}
