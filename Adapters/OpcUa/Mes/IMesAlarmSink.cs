namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>Where the MES adapter's alarm changes go: the hub's alarms and tickets, one transaction per batch, in order.</summary>
public interface IMesAlarmSink
{
    /// <summary>Applies the changes in order; rejected events become dead letters.</summary>
    Task ApplyAsync(IReadOnlyList<MesAlarmChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// The alarms of condition origin the hub holds active (machine and code), whatever saw them raised: the adapter
    /// reconciles them with the server's ConditionRefresh when it starts watching, so that an alarm cleared on the
    /// server while the hub was down is cleared too.
    /// </summary>
    Task<IReadOnlyList<(string AssetId, string Code)>> HeldActiveAsync(CancellationToken cancellationToken);
}
