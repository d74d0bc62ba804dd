using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;

/// <summary>A session this node adopted: its lease as last taken or renewed, and the client running it.</summary>
internal sealed class AdoptedSession(LeaseGrant grant, IHostedService session)
{
    private LeaseGrant _grant = grant;
    private int _stopped;

    /// <summary>The lease as last taken or renewed.</summary>
    public LeaseGrant Grant
    {
        get => Volatile.Read(ref _grant);
        set => Volatile.Write(ref _grant, value);
    }

    /// <summary>The adopted client (an MQTT telemetry service under the other node's client id).</summary>
    public IHostedService Session { get; } = session;

    /// <summary>True for the first caller only: whoever comes first (a hand-back, a lost lease, a stop) stops the client.</summary>
    public bool TryMarkStopped() => Interlocked.Exchange(ref _stopped, 1) == 0;
}
