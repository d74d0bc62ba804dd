namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// Why <c>hub store copy</c> stops: a refusal before anything was written (<see cref="Refused"/>), or a failure while
/// copying. The message is for the operator: what, where (table and row key) and what to do; never a password.
/// </summary>
internal sealed class StoreCopyException(string message, bool refused) : Exception(message)
{
    /// <summary>True when nothing was written to the target: the hub runs, the target holds data, a wrong version.</summary>
    public bool Refused { get; } = refused;

    public static StoreCopyException Refuse(string message) => new(message, refused: true);

    public static StoreCopyException Fail(string message) => new(message, refused: false);
}
