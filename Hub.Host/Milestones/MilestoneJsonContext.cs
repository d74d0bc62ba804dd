using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Hub.Host.Portal;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>The milestone choice's JSON in the portal API: camelCase, as the rest of the portal's.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MilestoneChoice))]
[JsonSerializable(typeof(PortalError))]
internal sealed partial class MilestoneJsonContext : JsonSerializerContext;
