using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Telemetry;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The hub's durable state: canonical entities, dead letters and portal tokens. SQLite is the embedded default;
/// a PostgreSQL implementation satisfies the same contract for scale-out, so nothing here may depend on what
/// only SQLite can do.
/// </summary>
internal interface IHubStore
{
    /// <summary>Creates or upgrades the schema; safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies changes (idempotent upserts, last writer wins on the source timestamp) and records dead letters,
    /// all in one transaction: when it returns, everything is durable.
    /// </summary>
    Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ApplyAsync(IReadOnlyList{CanonicalChange}, IReadOnlyList{DeadLetter}, CancellationToken)"/>, and
    /// stores a polled source's watermark in the same transaction, so that the rows and the point the source has
    /// been read to become durable together.
    /// </summary>
    Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, PollWatermark watermark,
        CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ApplyAsync(IReadOnlyList{CanonicalChange}, IReadOnlyList{DeadLetter}, CancellationToken)"/>, and
    /// records the received MQTT QoS 2 messages these changes come from (their ids awaiting PUBREL) in the same
    /// transaction, so that a message handled just before a crash is not handled again after it (issue 16 item 16).
    /// </summary>
    Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, IReadOnlyList<MqttQos2Receipt> receipts,
        CancellationToken cancellationToken);

    /// <summary>The entities whose current version a source wrote, with the reference of the record that wrote it.</summary>
    Task<IReadOnlyList<SourceEntity>> GetEntitiesOfSourceAsync(string source, CancellationToken cancellationToken);

    /// <summary>
    /// Removes entities in one transaction, each only while its current version is still the one named (same source
    /// and record reference), so that a newer write by anyone is never removed. Returns how many were removed. In
    /// leased work (the SQL poller's deleted-row check) fenced: a stale token removes nothing and throws
    /// <see cref="StaleLeaseException"/> (issue 18 item 1).
    /// </summary>
    Task<int> DeleteEntitiesAsync(IReadOnlyList<SourceEntity> entities, CancellationToken cancellationToken);

    /// <summary>The watermark stored for a polled source, or null before its first batch.</summary>
    Task<string?> GetPollWatermarkAsync(string source, CancellationToken cancellationToken);

    /// <summary>The order with its lines, work orders and shipments, or null when the order is unknown.</summary>
    Task<OrderSnapshot?> GetOrderSnapshotAsync(string orderNo, CancellationToken cancellationToken);

    /// <summary>The snapshots of several orders at once, for list pages.</summary>
    Task<IReadOnlyList<OrderSnapshot>> GetOrderSnapshotsAsync(IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken);

    /// <summary>
    /// A customer's orders, newest first; with <paramref name="search"/>, only those whose number contains it or with
    /// a line whose item code starts with it (case-insensitive for ASCII).
    /// </summary>
    Task<IReadOnlyList<SalesOrder>> ListOrdersAsync(string customerCode, int skip, int take, CancellationToken cancellationToken, string? search = null);

    Task<Customer?> GetCustomerAsync(string customerCode, CancellationToken cancellationToken);

    /// <summary>A customer's installed machines.</summary>
    Task<IReadOnlyList<InstalledEquipment>> ListEquipmentAsync(string customerCode, CancellationToken cancellationToken);

    /// <summary>
    /// The customer code of each of these machines that the installed-equipment list holds; machines it does not
    /// list are absent from the result. One query per call, for a whole batch of readings.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetEquipmentOwnersAsync(IReadOnlyCollection<string> assetIds, CancellationToken cancellationToken);

    /// <summary>The latest value of each metric of a machine.</summary>
    Task<IReadOnlyList<AssetMetric>> LatestMetricsAsync(string assetId, CancellationToken cancellationToken);

    /// <summary>A machine's readings since <paramref name="since"/>, oldest first, at most <paramref name="maxPerMetric"/> (the newest) per metric.</summary>
    Task<IReadOnlyList<TelemetryReading>> RecentReadingsAsync(string assetId, DateTimeOffset since, int maxPerMetric, CancellationToken cancellationToken);

    /// <summary>Every customer record, by code: for the customer-master clean-up.</summary>
    Task<IReadOnlyList<Customer>> ListCustomersAsync(CancellationToken cancellationToken);

    /// <summary>Every entity of a kind, by key: for reports over the whole data set (not for request paths).</summary>
    Task<IReadOnlyList<CanonicalEntity>> ListEntitiesAsync(EntityKind kind, CancellationToken cancellationToken);

    /// <summary>How many entities of each kind are stored.</summary>
    Task<IReadOnlyDictionary<EntityKind, long>> CountEntitiesAsync(CancellationToken cancellationToken);

    Task AddPortalTokenAsync(PortalTokenRecord token, CancellationToken cancellationToken);

    /// <summary>The token with this hash, revoked or not; null when there is none.</summary>
    Task<PortalTokenRecord?> FindPortalTokenAsync(string tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<PortalTokenRecord>> ListPortalTokensAsync(string? customerCode, CancellationToken cancellationToken);

    /// <summary>Revokes one token by id, or all of a customer's; returns how many were revoked.</summary>
    Task<int> RevokePortalTokensAsync(string? tokenId, string? customerCode, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string? source, bool includeReplayed, int take, CancellationToken cancellationToken);

    Task MarkDeadLettersReplayedAsync(IReadOnlyCollection<string> ids, DateTimeOffset at, CancellationToken cancellationToken);
}
