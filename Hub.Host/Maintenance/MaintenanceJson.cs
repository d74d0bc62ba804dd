using System.Text.Json.Serialization;
using IntegrationHub.Crm.Core.Maintenance;

namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>How a plan's state on a machine is stored (maintenance_states.body): JSON, as the rules' states are.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MaintenanceState))]
internal sealed partial class MaintenanceJson : JsonSerializerContext;
