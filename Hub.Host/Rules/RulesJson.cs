using System.Text.Json.Serialization;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>How the rules stage stores its state and tickets: JSON with enums by name.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlarmRuleState))]
[JsonSerializable(typeof(ServiceTicket))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class RulesJson : JsonSerializerContext;
