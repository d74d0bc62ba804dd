using System.Text.Json.Nodes;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>
/// Checks by tools that are not the hub's own (tests/peers/openapi, run by node): the OpenAPI document by
/// @readme/openapi-parser, and JSON the hub really sent by Ajv against the document's schemas. Needs `npm ci` in
/// tests/peers/openapi (deploy/install-deps.sh does it).
/// </summary>
internal static class OpenApiChecker
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "peers", "openapi");

    /// <summary>What the tools say: the document's errors and warnings, and each instance's errors (none when valid).</summary>
    public sealed record Verdict(IReadOnlyList<string> DocumentErrors, IReadOnlyList<string> DocumentWarnings, IReadOnlyList<(string Schema, IReadOnlyList<string> Errors)> Instances);

    public static async Task<Verdict> CheckAsync(JsonNode document, params (string Schema, JsonNode Value)[] instances)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@readme", "openapi-parser")))
        {
            throw new InvalidOperationException($"The OpenAPI checkers are not installed: run `npm ci` in {Folder} (deploy/install-deps.sh does).");
        }

        var request = new JsonObject
        {
            ["document"] = document.DeepClone(),
            ["instances"] = new JsonArray([.. instances.Select(i => (JsonNode)new JsonObject { ["schema"] = i.Schema, ["value"] = i.Value.DeepClone() })]),
        };
        // A hang guard only: node answers in about a second; a busy machine may take many more.
        var answer = await NodeScript.RunAsync(Folder, "openapi-check.cjs", request, TimeSpan.FromMinutes(3));
        static IReadOnlyList<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(e => e!.GetValue<string>())];
        return new Verdict(
            Strings(answer["document"]!["errors"]),
            Strings(answer["document"]!["warnings"]),
            [.. answer["instances"]!.AsArray().Select(i => (i!["schema"]!.GetValue<string>(), Strings(i["errors"])))]);
    }
}
