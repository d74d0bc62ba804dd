using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Chat</c>: a WeCom robot's token and key come as a pair, and each linked user names a customer.</summary>
internal sealed class ChatOptionsValidator() : HubSettingsValidator<ChatOptions>(HubSettingPaths.Of(nameof(HubOptions.Chat)))
{
    protected override void Check(ChatOptions options, List<string> errors)
    {
        var hasToken = !string.IsNullOrEmpty(options.WeComToken);
        var hasKey = !string.IsNullOrEmpty(options.WeComEncodingAesKey);
        if (hasToken != hasKey)
        {
            errors.Add($"{Setting(hasToken ? nameof(options.WeComEncodingAesKey) : nameof(options.WeComToken))} is missing. A WeCom robot needs both its Token and its EncodingAESKey, from the robot's API settings.");
        }
        else if (hasKey && WeComCallbackCrypto.KeyOf(options.WeComEncodingAesKey) is null)
        {
            errors.Add($"{Setting(nameof(options.WeComEncodingAesKey))} is not valid: {WeComCallbackCrypto.KeyProblem}.");
        }

        for (var i = 0; i < options.Users.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Users[i].UserId) || string.IsNullOrWhiteSpace(options.Users[i].Customer))
            {
                errors.Add($"{Setting(nameof(options.Users))}:{i} needs a {nameof(ChatUserLink.UserId)} (the chat user's id) and a {nameof(ChatUserLink.Customer)} (the customer code it may ask about).");
            }
        }
    }
}
