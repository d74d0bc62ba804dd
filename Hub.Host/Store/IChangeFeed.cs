namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Committed changes of orders, tickets and credentials, fanned out in-process to the live pages open on this node
/// (issue 18 item 4: "live order pages and the desk queue fed from PostgreSQL LISTEN/NOTIFY instead of each page
/// polling"). On PostgreSQL one listening connection per node hears every node's writes; on SQLite (one node) the
/// store raises the notices itself after each commit.
/// </summary>
internal interface IChangeFeed
{
    /// <summary>
    /// A subscription that wakes when a notice it is interested in arrives (and on every <see cref="ChangeKind.Everything"/>).
    /// Notices are folded: a subscriber that does not keep up holds one pending wake-up, never a queue, and never slows
    /// the feed or the other subscribers.
    /// </summary>
    ChangeSubscription Subscribe(Func<ChangeNotice, bool> interest);

    /// <summary>The feed's state for <c>/health</c>.</summary>
    ChangeFeedStatus Status { get; }
}
