using System.Text;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Bench.Import;

/// <summary>One entity row of <see cref="ImportFloor"/>, every column ready to bind before the clock starts.</summary>
internal sealed record FloorRow(
    string Kind, string Key, string? Customer, string? Order, long? Sort, string Source, long SourceTs, string? Reference,
    string BodyText, byte[] Body)
{
    public static FloorRow Of(CanonicalChange change)
    {
        var entity = change.Entity;
        var (customer, order, sort) = StoredChanges.IndexColumns(entity);
        var body = EntityJson.Serialize(entity);
        return new FloorRow(
            entity.Kind.ToString(), entity.Key, customer, order, sort is { } s ? StoreTime.Micros(s) : null, change.Stamp.Source,
            StoreTime.Micros(change.Stamp.Timestamp), change.Stamp.Reference, body, Encoding.UTF8.GetBytes(body));
    }
}
