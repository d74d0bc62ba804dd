namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// A record that could not be applied, kept whole with the reason so that it can be listed, fixed at the mapping
/// and replayed.
/// </summary>
/// <param name="Id">A unique id.</param>
/// <param name="Source">The source name.</param>
/// <param name="Reference">Where it came from, for example <c>orders.csv:17</c>.</param>
/// <param name="Payload">
/// The record as JSON of its fields when it parsed (replayable), or the raw text when it did not.
/// </param>
/// <param name="Reason">Every reason it failed, naming the columns.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="ReplayedAt">When it was replayed successfully, if it was.</param>
/// <param name="ContentKey">
/// For a row of a dropped file, <c>&lt;SHA-256 of the file&gt;:&lt;line&gt;</c>: a second letter with the same source and
/// key is not stored (issue 16, item 20). For a refused OPC UA condition event, a hash of the condition and the state
/// it reported, so that a ConditionRefresh's resend is not stored twice (issue 22). Null for letters that have no such identity.
/// </param>
internal sealed record DeadLetter(
    string Id,
    string Source,
    string Reference,
    string Payload,
    string Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReplayedAt = null,
    string? ContentKey = null)
{
    /// <summary>A new, open dead letter; its id sorts by time (UUID v7), so listings come out in arrival order.</summary>
    public static DeadLetter Create(string source, string reference, string payload, string reason, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at).ToString("N"), source, reference, payload, reason, at);
}
