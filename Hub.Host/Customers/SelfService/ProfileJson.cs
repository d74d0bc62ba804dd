using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>How a change's values and hints are kept in the store's text columns.</summary>
internal static class ProfileJson
{
    public static string Values(IReadOnlyDictionary<string, string?> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string?>(values, StringComparer.Ordinal), ProfileJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string?> Values(string json) =>
        JsonSerializer.Deserialize(json, ProfileJsonContext.Default.DictionaryStringString) ?? new Dictionary<string, string?>();

    public static string Hints(IReadOnlyList<string> hints) => JsonSerializer.Serialize([.. hints], ProfileJsonContext.Default.ListString);

    public static IReadOnlyList<string> Hints(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, ProfileJsonContext.Default.ListString) ?? [];
}

[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
