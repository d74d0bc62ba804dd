using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>DingTalk's JSON: camelCase ("msgtype" is one word there).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatReply))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
