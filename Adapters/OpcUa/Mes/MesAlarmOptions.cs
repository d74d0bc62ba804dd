namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>The MES server's alarm conditions (Part 9) that become the hub's alarms and tickets (issue 22 item 1).</summary>
public sealed record MesAlarmOptions
{
    /// <summary>
    /// The event notifier whose events are watched, as a node reference (i=2253, the Server object, sees every event of
    /// the server). <value>The default value is i=2253.</value>
    /// </summary>
    public string Notifier { get; init; } = "i=2253";

    /// <summary>The condition's SourceName → the hub's asset id; conditions of other sources are dead letters.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Maps each condition event to its machine and alarm instead of <see cref="Sources"/> (the hub passes the site's
    /// mapping file of the condition events); null uses <see cref="Sources"/>.
    /// </summary>
    public IConditionSourceMap? SourceMap { get; init; }
}
