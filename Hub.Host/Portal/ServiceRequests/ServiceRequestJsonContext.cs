using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>The service requests' JSON, as the portal's: camelCase, enums by name, nulls left out.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceRequestCreated))]
[JsonSerializable(typeof(IReadOnlyList<ServiceRequestCategoryView>))]
[JsonSerializable(typeof(IReadOnlyList<ServiceRequestView>))]
internal sealed partial class ServiceRequestJsonContext : JsonSerializerContext;
