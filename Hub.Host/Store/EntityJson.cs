using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Crm.Core.Alarms;
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
    /// <summary>
    /// The writer options of <see cref="Write"/>: those <see cref="Serialize"/> writes with (the context's encoder, not
    /// indented), so that a body written either way has the same bytes and the store's "body unchanged" test holds
    /// across both.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = EntityJsonContext.Default.Options.Encoder,
        Indented = false,
        SkipValidation = true,
    };

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
        MachineAlarm e => JsonSerializer.Serialize(e, EntityJsonContext.Default.MachineAlarm),
        _ => throw new ArgumentException($"No storage format for {entity.GetType().Name}.", nameof(entity)),
    };

    /// <summary>Writes the same JSON as <see cref="Serialize"/>, as UTF-8 into a writer that the caller reuses.</summary>
    public static void Write(Utf8JsonWriter writer, CanonicalEntity entity)
    {
        switch (entity)
        {
            case Customer e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.Customer); break;
            case Contact e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.Contact); break;
            case SalesOrder e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.SalesOrder); break;
            case SalesOrderLine e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.SalesOrderLine); break;
            case StockLevel e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.StockLevel); break;
            case WorkOrder e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.WorkOrder); break;
            case Shipment e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.Shipment); break;
            case InstalledEquipment e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.InstalledEquipment); break;
            case AssetMetric e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.AssetMetric); break;
            case MachineAlarm e: JsonSerializer.Serialize(writer, e, EntityJsonContext.Default.MachineAlarm); break;
            default: throw new ArgumentException($"No storage format for {entity.GetType().Name}.", nameof(entity));
        }
    }

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
        EntityKind.MachineAlarm => Read(json, EntityJsonContext.Default.MachineAlarm),
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
[JsonSerializable(typeof(MachineAlarm))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class EntityJsonContext : JsonSerializerContext;
