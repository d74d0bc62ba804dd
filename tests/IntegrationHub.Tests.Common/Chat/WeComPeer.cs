using System.Text.Json.Nodes;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Tests.Common.Chat;

/// <summary>
/// WeCom's side of a robot callback, played by WeCom's own crypto library (@wecom/crypto from npm, run by node from
/// tests/peers/wecom), so the hub is checked against an implementation that is not its own. Needs `npm ci` in
/// tests/peers/wecom (deploy/install-deps.sh does it).
/// </summary>
public sealed class WeComPeer(string token, string encodingAesKey, string receiveId = "")
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "peers", "wecom");

    /// <summary>A message encrypted and signed as WeCom sends it.</summary>
    public async Task<(string Encrypt, string Signature)> SealAsync(string message, string timestamp, string nonce)
    {
        var answer = await RunAsync(new JsonObject
        {
            ["op"] = "seal", ["token"] = token, ["key"] = encodingAesKey, ["receiveId"] = receiveId,
            ["message"] = message, ["timestamp"] = timestamp, ["nonce"] = nonce,
        }).ConfigureAwait(false);
        return (answer["encrypt"]!.GetValue<string>(), answer["signature"]!.GetValue<string>());
    }

    /// <summary>What WeCom makes of a reply envelope: whether its signature holds, the message and its receive id.</summary>
    public async Task<(bool SignatureMatches, string Message, string ReceiveId)> OpenAsync(string replyEnvelope)
    {
        var answer = await RunAsync(new JsonObject { ["op"] = "open", ["token"] = token, ["key"] = encodingAesKey, ["reply"] = replyEnvelope }).ConfigureAwait(false);
        return (answer["signatureMatches"]!.GetValue<bool>(), answer["message"]!.GetValue<string>(), answer["id"]!.GetValue<string>());
    }

    private static async Task<JsonNode> RunAsync(JsonObject request)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@wecom", "crypto")))
        {
            throw new InvalidOperationException($"@wecom/crypto is not installed: run `npm ci` in {Folder} (deploy/install-deps.sh does).");
        }

        return await NodeScript.RunAsync(Folder, "wecom-peer.js", request, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }
}
