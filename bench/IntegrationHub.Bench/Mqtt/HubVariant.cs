namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// A way to run the hub for the mqtt benchmark's cold-start comparison (issue 20 item 3): the default build, the
/// ReadyToRun build (<c>PublishReadyToRun</c>: code compiled ahead of time, so the JIT has less to do while the
/// adapter drains), or the default build with a runtime setting changed through its environment (tiered PGO off,
/// tiered compilation off).
/// </summary>
internal sealed record HubVariant(string Name, string Executable, IReadOnlyDictionary<string, string> Environment, string Description)
{
    /// <summary>Gets a value indicating whether this is the hub as shipped, the one every other variant is compared with.</summary>
    public bool IsDefault => Name == "default";
}
