using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>The CRM API's JSON (errors, webhook envelopes): camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CrmError))]
internal sealed partial class CrmJsonContext : JsonSerializerContext;
