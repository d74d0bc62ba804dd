using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// An <see cref="ILeaseStore"/> whose expiries follow a test's clock, with the stores' rules (free or expired: taken
/// with the next token; renewed and released only by the holder of the current token), so that lease hand-overs are
/// tested by advancing a fake clock instead of waiting for the database's. The real stores' rules are tested against
/// the databases in the Leases tests.
/// </summary>
internal sealed class ClockLeaseStore(TimeProvider time) : ILeaseStore
{
    private readonly Dictionary<string, LeaseRecord> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<LeaseGrant?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_rows.TryGetValue(name, out var row) && row.ExpiresAt > now)
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var grant = new LeaseGrant(name, holder, (row?.Token ?? 0) + 1, now + duration);
            _rows[name] = new LeaseRecord(name, holder, grant.Token, grant.ExpiresAt, true);
            return Task.FromResult<LeaseGrant?>(grant);
        }
    }

    public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(grant.Name, out var row) || row.Holder != grant.Holder || row.Token != grant.Token)
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var renewed = grant with { ExpiresAt = time.GetUtcNow() + duration };
            _rows[grant.Name] = row with { ExpiresAt = renewed.ExpiresAt };
            return Task.FromResult<LeaseGrant?>(renewed);
        }
    }

    public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(grant.Name, out var row) && row.Holder == grant.Holder && row.Token == grant.Token)
            {
                _rows[grant.Name] = row with { ExpiresAt = time.GetUtcNow() };
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Runs once after the next listing, before the caller sees it: a test acting as another node in between.</summary>
    public Action? AfterList { get; set; }

    public Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<LeaseRecord> rows;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            rows = [.. _rows.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r with { Live = r.ExpiresAt > now })];
        }

        var after = AfterList;
        AfterList = null;
        after?.Invoke();
        return Task.FromResult(rows);
    }

    /// <summary>The row of a lease as the store has it now, with whether it is live; null when there is none.</summary>
    public LeaseRecord? Row(string name)
    {
        lock (_lock)
        {
            return _rows.TryGetValue(name, out var row) ? row with { Live = row.ExpiresAt > time.GetUtcNow() } : null;
        }
    }

    /// <summary>The holder of a lease while it is live, else null.</summary>
    public string? HolderOf(string name)
    {
        lock (_lock)
        {
            return _rows.TryGetValue(name, out var row) && row.ExpiresAt > time.GetUtcNow() ? row.Holder : null;
        }
    }
}
