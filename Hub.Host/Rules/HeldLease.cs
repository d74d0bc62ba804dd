using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// A rules lease this node holds (a partition, or the SLA escalation): the grant, the fence its writes carry, and for a
/// partition the evaluator kept between passes (issue 18 item 2).
/// </summary>
/// <remarks>
/// The evaluator lives as long as the grant: while this node holds the token no other node can commit a pass of the
/// partition (the fence refuses it), so the stored state cannot change under it. A new grant starts a new evaluator
/// from the stored state, which is how a partition taken over from a dead node resumes its timers.
/// </remarks>
internal sealed class HeldLease
{
    private int _refused;

    public HeldLease(LeaseGrant grant, int partition)
    {
        Grant = grant;
        Partition = partition;
        Fence = new LeaseFence(grant.Name, grant.Token, () => Interlocked.Exchange(ref _refused, 1));
    }

    /// <summary>The grant as last taken or renewed.</summary>
    public LeaseGrant Grant { get; set; }

    /// <summary>The partition's number, or -1 for the SLA lease.</summary>
    public int Partition { get; }

    /// <summary>The fence of this grant, the ambient fence of every pass made under it.</summary>
    public LeaseFence Fence { get; }

    /// <summary>Whether a write under this grant was refused (another node holds a newer token): the lease is gone.</summary>
    public bool Refused => Volatile.Read(ref _refused) == 1;

    /// <summary>The partition's evaluator, loaded at the first pass under this grant; null again after a failed pass.</summary>
    public AlarmEvaluator? Evaluator { get; set; }

    /// <summary>When the partition's timers last ran.</summary>
    public DateTimeOffset LastTick { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Failed passes in a row, for the back-off.</summary>
    public int Failures { get; set; }

    /// <summary>No pass before this time (after a failure).</summary>
    public DateTimeOffset RetryAt { get; set; } = DateTimeOffset.MinValue;
}
