using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Crm.Core.Telemetry;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>What every store does alike with a batch of changes before it writes them, whatever its SQL.</summary>
internal static class StoredChanges
{
    /// <summary>
    /// The changes whose upsert can matter, in their order: every change of other kinds, but of the readings of one
    /// asset and metric only the newest (the first of equal times). The upsert only takes a strictly newer reading
    /// with a different body, and a reading's body holds its time, so the latest state ends the same as after
    /// upserting every reading one by one; the others still become history.
    /// </summary>
    public static IEnumerable<CanonicalChange> LatestPerAssetMetric(IReadOnlyList<CanonicalChange> changes)
    {
        var newest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Entity is AssetMetric metric
                && (!newest.TryGetValue(metric.Key, out var best) || changes[i].Stamp.Timestamp > changes[best].Stamp.Timestamp))
            {
                newest[metric.Key] = i;
            }
        }

        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Entity is not AssetMetric metric || newest[metric.Key] == i)
            {
                yield return changes[i];
            }
        }
    }

    /// <summary>The order numbers a batch writes to (orders and their lines, work orders and shipments), each once.</summary>
    public static IEnumerable<string> OrderNumbers(IReadOnlyList<CanonicalChange> changes) =>
        changes.Select(c => IndexColumns(c.Entity).Order).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>The columns the lookups filter on, taken out of the entity's body.</summary>
    public static (string? Customer, string? Order, DateTimeOffset? Sort) IndexColumns(CanonicalEntity entity) => entity switch
    {
        Customer c => (c.Code, null, null),
        Contact c => (c.CustomerCode, null, null),
        SalesOrder o => (o.CustomerCode, o.OrderNo, o.OrderDate),
        SalesOrderLine l => (null, l.OrderNo, null),
        WorkOrder w => (null, w.OrderNo, null),
        Shipment s => (null, s.OrderNo, s.ShippedAt),
        InstalledEquipment e => (e.CustomerCode, null, null),
        _ => (null, null, null),
    };
}
