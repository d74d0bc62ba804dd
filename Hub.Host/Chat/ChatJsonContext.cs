using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>The robots' JSON: camelCase, which gives DingTalk's and WeCom's one-word lower-case names ("msgtype").</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DingTalkReply))]
[JsonSerializable(typeof(WeComStreamReply))]
[JsonSerializable(typeof(WeComEnvelope))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
