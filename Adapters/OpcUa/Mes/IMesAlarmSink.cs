namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>Where the MES adapter's alarm changes go: the hub's alarms and tickets, one transaction per batch, in order.</summary>
public interface IMesAlarmSink
{
    /// <summary>Applies the changes in order; rejected events become dead letters.</summary>
    Task ApplyAsync(IReadOnlyList<MesAlarmChange> changes, CancellationToken cancellationToken);
}
