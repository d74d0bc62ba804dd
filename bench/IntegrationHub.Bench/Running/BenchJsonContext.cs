using System.Text.Json.Serialization;
using IntegrationHub.Bench.Lookup;

namespace IntegrationHub.Bench.Running;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TaskMeasurement))]
[JsonSerializable(typeof(OpcUa.SubscriberResult))]
[JsonSerializable(typeof(WrkResult))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
