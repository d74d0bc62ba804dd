using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>How a service report is kept in the store: JSON, camelCase, a photo's format by name.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ServiceReport))]
internal sealed partial class FieldJson : JsonSerializerContext;
