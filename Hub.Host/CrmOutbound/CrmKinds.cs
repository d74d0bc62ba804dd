using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The kinds a CRM may read from the change feed (issue 23 item 1): the canonical entities (telemetry's latest values
/// aside: they change every few seconds and are not CRM data), service tickets, and <see cref="OrderProgress"/>, the
/// order-progress snapshot computed for every order whose parts changed.
/// </summary>
internal static class CrmKinds
{
    public const string ServiceTicket = "ServiceTicket";

    public const string OrderProgress = "OrderProgress";

    /// <summary>Every kind, in a stable order (the entities' enum order, then tickets and progress).</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Enum.GetNames<EntityKind>().Where(k => k is not nameof(EntityKind.AssetMetric) and not nameof(EntityKind.MachineAlarm)), ServiceTicket, OrderProgress];

    /// <summary>The kinds a webhook may push: all but <see cref="OrderProgress"/>, which is computed when read.</summary>
    public static IReadOnlyList<string> Pushed { get; } = [.. All.Where(k => k != OrderProgress)];

    /// <summary>The logged kinds whose changes move an order's progress.</summary>
    public static IReadOnlyList<string> OrderParts { get; } =
        [nameof(EntityKind.SalesOrder), nameof(EntityKind.SalesOrderLine), nameof(EntityKind.WorkOrder), nameof(EntityKind.Shipment)];

    private static readonly Dictionary<string, string> ByName = All.ToDictionary(k => k, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kind's canonical spelling, or null when it is not a kind of the feed (names compare ignoring case).</summary>
    public static string? Find(string name) => ByName.GetValueOrDefault(name.Trim());

    /// <summary>The kinds the store must read to answer for <paramref name="asked"/>: progress needs the order's parts.</summary>
    public static IReadOnlyCollection<string> Logged(IReadOnlyCollection<string> asked)
    {
        var logged = new HashSet<string>(asked.Where(k => k != OrderProgress), StringComparer.Ordinal);
        if (asked.Contains(OrderProgress))
        {
            logged.UnionWith(OrderParts);
        }

        return logged;
    }
}
