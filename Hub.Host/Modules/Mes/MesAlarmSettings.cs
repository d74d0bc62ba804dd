namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// The MES server's alarm conditions (OPC UA Alarms &amp; Conditions) as the hub's alarms (<c>Hub:Mes:Alarms</c>, issue 22
/// item 1): an active condition raises the alarm of its machine and code through the same ticket path as the alarm rules,
/// an inactive one clears it.
/// </summary>
internal sealed record MesAlarmSettings
{
    /// <summary>
    /// Watches the server's alarm conditions: every condition event of <see cref="Notifier"/> is read, a ConditionRefresh
    /// after subscribing and after every reconnect reports what is active (and clears what no longer is).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; init; }

    /// <summary>
    /// The object whose events are watched, as a node reference (nsu=...;s=..., path=..., or i=2253 for the Server
    /// object, which sees every event of the server).
    /// </summary>
    /// <value>The default value is i=2253.</value>
    public string Notifier { get; init; } = "i=2253";

    /// <summary>
    /// The condition's SourceName (as the server names the machine) → the hub's asset id, for example
    /// <c>"Press 7": "EQ-C001-07"</c>: the simple form. One is required unless <see cref="Mapping"/> is set (setting both
    /// is refused); events of other sources become dead letters that name the source.
    /// </summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The mapping source of the condition events, for example <c>mes-opcua-alarms</c>: a mapping file with the target
    /// MachineAlarm whose columns are the event's fields (sourceName, conditionName, severity, message, ...), so that a
    /// value map turns the SourceName into the asset id and may derive the code and severity. Empty uses
    /// <see cref="Sources"/>; setting both is refused. Events the mapping refuses become dead letters of this source.
    /// </summary>
    /// <value>The default value is empty (the <see cref="Sources"/> table).</value>
    public string Mapping { get; init; } = string.Empty;

    /// <summary>
    /// Acknowledging the ticket in the desk also calls the condition's Acknowledge method on the MES server, with the desk
    /// user's comment (or "Acknowledged in the service desk by USER"); the outcome is written to the ticket's history.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AcknowledgeOnServer { get; init; }
}
