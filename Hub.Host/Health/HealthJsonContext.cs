using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Health;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
