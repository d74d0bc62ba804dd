using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>How a service report is kept in the store: JSON, camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ServiceReport))]
internal sealed partial class FieldJson : JsonSerializerContext;
