using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Crm.Core.Progress;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>The portal API's JSON: camelCase, enums by name, nulls left out.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderProgress))]
[JsonSerializable(typeof(OrderPage))]
[JsonSerializable(typeof(PortalError))]
[JsonSerializable(typeof(PortalCustomer))]
[JsonSerializable(typeof(IReadOnlyList<PortalEquipment>))]
[JsonSerializable(typeof(SignInRequest))]
internal sealed partial class PortalJsonContext : JsonSerializerContext;
