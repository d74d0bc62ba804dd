using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Crm.Core.Telemetry;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>How entities are stored: JSON with enums by name, without the computed kind and key.</summary>
internal static class EntityJson
{
    public static string Serialize(CanonicalEntity entity) => entity switch
    {
        Customer e => JsonSerializer.Serialize(e, EntityJsonContext.Default.Customer),
        Contact e => JsonSerializer.Serialize(e, EntityJsonContext.Default.Contact),
        SalesOrder e => JsonSerializer.Serialize(e, EntityJsonContext.Default.SalesOrder),
        SalesOrderLine e => JsonSerializer.Serialize(e, EntityJsonContext.Default.SalesOrderLine),
        StockLevel e => JsonSerializer.Serialize(e, EntityJsonContext.Default.StockLevel),
        WorkOrder e => JsonSerializer.Serialize(e, EntityJsonContext.Default.WorkOrder),
        Shipment e => JsonSerializer.Serialize(e, EntityJsonContext.Default.Shipment),
        InstalledEquipment e => JsonSerializer.Serialize(e, EntityJsonContext.Default.InstalledEquipment),
        AssetMetric e => JsonSerializer.Serialize(e, EntityJsonContext.Default.AssetMetric),
        _ => throw new ArgumentException($"No storage format for {entity.GetType().Name}.", nameof(entity)),
    };

    public static CanonicalEntity Deserialize(EntityKind kind, string json) => kind switch
    {
        EntityKind.Customer => Read(json, EntityJsonContext.Default.Customer),
        EntityKind.Contact => Read(json, EntityJsonContext.Default.Contact),
        EntityKind.SalesOrder => Read(json, EntityJsonContext.Default.SalesOrder),
        EntityKind.SalesOrderLine => Read(json, EntityJsonContext.Default.SalesOrderLine),
        EntityKind.StockLevel => Read(json, EntityJsonContext.Default.StockLevel),
        EntityKind.WorkOrder => Read(json, EntityJsonContext.Default.WorkOrder),
        EntityKind.Shipment => Read(json, EntityJsonContext.Default.Shipment),
        EntityKind.InstalledEquipment => Read(json, EntityJsonContext.Default.InstalledEquipment),
        EntityKind.AssetMetric => Read(json, EntityJsonContext.Default.AssetMetric),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown entity kind."),
    };

    private static T Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(json, type) ?? throw new JsonException($"A stored {typeof(T).Name} is null.");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(Contact))]
[JsonSerializable(typeof(SalesOrder))]
[JsonSerializable(typeof(SalesOrderLine))]
[JsonSerializable(typeof(StockLevel))]
[JsonSerializable(typeof(WorkOrder))]
[JsonSerializable(typeof(Shipment))]
[JsonSerializable(typeof(InstalledEquipment))]
[JsonSerializable(typeof(AssetMetric))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class EntityJsonContext : JsonSerializerContext;
