using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Adoption;

/// <summary>
/// A lease store whose expiry is a fake clock's, so that the adoption's decisions can be driven through expiry without
/// waiting: the same rules as the real stores (take when free or expired with the next token; renew and release only
/// with the holder's token while live). <see cref="AfterList"/> lets a test act as another node between a listing and
/// what this node does with it.
/// </summary>
internal sealed class ClockLeaseStore(TimeProvider clock) : ILeaseStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LeaseGrant> _rows = new(StringComparer.Ordinal);

    /// <summary>Runs once after the next listing, before the caller sees it.</summary>
    public Action? AfterList { get; set; }

    public Task<LeaseGrant?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_rows.TryGetValue(name, out var row) && row.ExpiresAt > now)
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var grant = new LeaseGrant(name, holder, (row?.Token ?? 0) + 1, now + duration);
            _rows[name] = grant;
            return Task.FromResult<LeaseGrant?>(grant);
        }
    }

    public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (!_rows.TryGetValue(grant.Name, out var row) || row.Token != grant.Token || row.Holder != grant.Holder || row.ExpiresAt <= now)
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var renewed = row with { ExpiresAt = now + duration };
            _rows[grant.Name] = renewed;
            return Task.FromResult<LeaseGrant?>(renewed);
        }
    }

    public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(grant.Name, out var row) && row.Token == grant.Token && row.Holder == grant.Holder)
            {
                _rows[grant.Name] = row with { ExpiresAt = clock.GetUtcNow() };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<LeaseRecord> rows;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            rows = [.. _rows.Values.Select(r => new LeaseRecord(r.Name, r.Holder, r.Token, r.ExpiresAt, r.ExpiresAt > now))];
        }

        var after = AfterList;
        AfterList = null;
        after?.Invoke();
        return Task.FromResult(rows);
    }

    /// <summary>The row of <paramref name="name"/> as the store has it now, with whether it is live.</summary>
    public LeaseRecord? Row(string name)
    {
        lock (_lock)
        {
            return _rows.TryGetValue(name, out var r) ? new LeaseRecord(r.Name, r.Holder, r.Token, r.ExpiresAt, r.ExpiresAt > clock.GetUtcNow()) : null;
        }
    }
}
