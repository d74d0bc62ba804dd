using IntegrationHub.Crm.Core.Progress;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>Compares order snapshots by content: records compare by value, lists by their items.</summary>
internal sealed class SnapshotComparer : IEqualityComparer<OrderSnapshot?>
{
    public static readonly SnapshotComparer Instance = new();

    public bool Equals(OrderSnapshot? x, OrderSnapshot? y) =>
        x is null || y is null
            ? x is null && y is null
            : x.Order == y.Order && x.Lines.SequenceEqual(y.Lines) && x.WorkOrders.SequenceEqual(y.WorkOrders) && x.Shipments.SequenceEqual(y.Shipments);

    public int GetHashCode(OrderSnapshot? obj) => obj?.Order.GetHashCode() ?? 0;
}
