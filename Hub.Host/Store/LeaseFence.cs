namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The fencing token of the leased work running in this asynchronous flow (issue 18 item 1): the store checks it in
/// the transaction of the work's durable writes, so that a node that lost its lease (paused, cut off) and writes late
/// is refused instead of doubling or undoing the new holder's work.
/// </summary>
/// <remarks>
/// Ambient (an <see cref="AsyncLocal{T}"/> set by the lease runner around the work) so that the wrapped services, which
/// other parts of the hub own, need no change to carry it: the sinks and stores they call read it.
/// </remarks>
internal sealed class LeaseFence(string name, long token, Action refused)
{
    private static readonly AsyncLocal<LeaseFence?> Ambient = new();

    /// <summary>The lease's name (the work's name).</summary>
    public string Name { get; } = name;

    /// <summary>The token this node was granted.</summary>
    public long Token { get; } = token;

    /// <summary>The fence of the leased work this flow belongs to, or null outside leased work.</summary>
    public static LeaseFence? Current
    {
        get => Ambient.Value;
        internal set => Ambient.Value = value;
    }

    /// <summary>The exception for a write this fence refused; also tells the runner to stop the work on this node.</summary>
    public StaleLeaseException Refuse(string write)
    {
        refused();
        return new StaleLeaseException(Name, Token, write);
    }
}
