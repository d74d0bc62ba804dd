namespace IntegrationHub.Tests.Common.Patroni;

/// <summary>One member as Patroni's <c>GET /cluster</c> reports it.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Role">leader, sync_standby or replica.</param>
/// <param name="State">running, starting, stopped...</param>
/// <param name="Timeline">The PostgreSQL timeline it is on (a promotion starts a new one); null while it does not run.</param>
public sealed record PatroniMember(string Name, string Role, string State, long? Timeline)
{
    /// <summary>Whether this member is the running primary.</summary>
    public bool IsRunningLeader => Role == "leader" && State == "running";

    /// <summary>Whether this member is a running synchronous standby: Patroni promotes only such a member in synchronous mode.</summary>
    public bool IsRunningSyncStandby => Role == "sync_standby" && State is "running" or "streaming";
}
