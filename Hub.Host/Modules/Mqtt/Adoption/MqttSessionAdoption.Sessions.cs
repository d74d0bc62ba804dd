using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;

/// <summary>Taking, renewing and letting go of the leases, and starting and stopping the adopted clients.</summary>
internal sealed partial class MqttSessionAdoption
{
    // While this node's own session runs elsewhere (or nowhere yet), it holds mqtt-return/<own id>: the adopter's signal
    // to let go. Once its own lease runner holds mqtt/<own id> again, the request is withdrawn.
    private async Task AskBackAsync(IReadOnlyList<LeaseRecord> rows, CancellationToken cancellationToken)
    {
        var held = Volatile.Read(ref _return);
        if (ownSessionRunning())
        {
            if (held is not null && Interlocked.CompareExchange(ref _return, null, held) == held)
            {
                await ReleaseAsync(held).ConfigureAwait(false);
            }

            return;
        }

        if (held is not null)
        {
            Volatile.Write(ref _return, await store.RenewAsync(held, _leases.Duration, cancellationToken).ConfigureAwait(false));
            return;
        }

        // Only while another node runs it: a session lease that is free or expired is the lease runner's to take.
        var own = MqttSessionLeases.Session(ownClientId);
        if (rows.FirstOrDefault(r => r.Name == own) is not { Live: true } row || row.Holder == Node)
        {
            return;
        }

        if (await store.TryAcquireAsync(MqttSessionLeases.Return(ownClientId), Node, _leases.Duration, cancellationToken).ConfigureAwait(false) is { } asked)
        {
            Volatile.Write(ref _return, asked);
            AdoptionLog.AsksBack(logger, Node, ownClientId, own);
        }
    }

    private async Task AdoptAsync(string clientId, LeaseRecord row, CancellationToken cancellationToken)
    {
        // Another node may take it first (or the owner's lease runner): then the store says null, and nothing happens.
        if (await store.TryAcquireAsync(row.Name, Node, _leases.Duration, cancellationToken).ConfigureAwait(false) is not { } grant)
        {
            return;
        }

        var session = adoptedSession(clientId);
        try
        {
            await session.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            AdoptionLog.StartFailed(logger, ex, clientId, Node, grant.Token);
            (session as IDisposable)?.Dispose();
            await ReleaseAsync(grant).ConfigureAwait(false);
            return;
        }

        lock (_lock)
        {
            _adopted[clientId] = new AdoptedSession(grant, session);
        }

        AdoptionLog.Adopted(logger, clientId, Node, row.Name, grant.Token, row.Holder);
    }

    private async Task RenewAsync(string clientId, AdoptedSession adopted, CancellationToken stoppingToken)
    {
        var grant = adopted.Grant;
        // As the lease runner does (LeasedWork): a renewal that does not come back in time stops the client.
        var (renewed, reason) = await LeaseRenewal.RenewAsync(store, grant, _leases, time, stoppingToken).ConfigureAwait(false);
        if (renewed is not null)
        {
            adopted.Grant = renewed;
            return;
        }

        AdoptionLog.Lost(logger, clientId, Node, grant.Token, reason);
        await LetGoAsync(clientId, adopted).ConfigureAwait(false);
    }

    // Stops the adopted client and forgets it; false when another caller already did.
    private async Task<bool> LetGoAsync(string clientId, AdoptedSession adopted)
    {
        if (!adopted.TryMarkStopped())
        {
            return false;
        }

        try
        {
            await adopted.Session.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AdoptionLog.StopFailed(logger, ex, clientId, Node);
        }
        finally
        {
            (adopted.Session as IDisposable)?.Dispose();
            lock (_lock)
            {
                _adopted.Remove(clientId);
            }
        }

        return true;
    }

    private async Task<bool> ReleaseAsync(LeaseGrant grant)
    {
        try
        {
            await store.ReleaseAsync(grant, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            AdoptionLog.ReleaseFailed(logger, Node, grant.Name, grant.Token, ex.Message);
            return false;
        }
    }
}
