using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mqtt.Adoption;

/// <summary>
/// Stands for an adopted MQTT client: counts starts and stops and records, at the stop, the session lease as the
/// store has it then (the hand-back must stop the client while the lease is still its own).
/// </summary>
internal sealed class ProbeSession(string clientId, Func<LeaseRecord?> leaseNow) : IHostedService, IDisposable
{
    public string ClientId { get; } = clientId;

    public int Starts { get; private set; }

    public int Stops { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>The session lease at the moment the client was stopped.</summary>
    public LeaseRecord? LeaseAtStop { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Starts++;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stops++;
        LeaseAtStop = leaseNow();
        return Task.CompletedTask;
    }

    public void Dispose() => Disposed = true;
}
