using IntegrationHub.Hub.Host.Milestones;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Order milestones (issue 23 item 2): the position of their detection in the CRM change feed, the milestones already
/// told (each once per order, kind and reference), and what each customer chose in the portal. Every node may detect:
/// a pass records its milestones, queues their messages and moves the position in one transaction, and only while the
/// position is still the one it read, so two nodes never queue one milestone twice and a restart resumes where the
/// last committed pass ended.
/// </summary>
internal interface IMilestoneStore
{
    /// <summary>The position of the detection: the feed's epoch it belongs to and the last change id covered.</summary>
    Task<MilestoneCursor> GetCursorAsync(CancellationToken cancellationToken);

    /// <summary>Of these orders' milestones, those recorded already, as <c>order/kind/reference</c>.</summary>
    Task<IReadOnlySet<string>> RecordedAsync(IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction, while the position is still <paramref name="from"/>: records each milestone not recorded yet
    /// and queues its messages (an event key queued already is skipped), then moves the position to <paramref name="to"/>.
    /// Returns the number of milestones newly recorded, or null when another pass moved the position first (nothing is
    /// written then: that pass covered the same changes).
    /// </summary>
    Task<int?> RecordAsync(MilestoneCursor from, MilestoneCursor to, IReadOnlyList<MilestoneRecord> milestones, CancellationToken cancellationToken);

    /// <summary>What the customer chose; null when they never chose.</summary>
    Task<MilestonePreferences?> GetPreferencesAsync(string customerCode, CancellationToken cancellationToken);

    /// <summary>Stores a customer's choice, replacing the one before.</summary>
    Task SetPreferencesAsync(MilestonePreferences preferences, CancellationToken cancellationToken);
}
