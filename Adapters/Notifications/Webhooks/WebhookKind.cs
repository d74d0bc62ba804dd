namespace IntegrationHub.Adapters.Notifications.Webhooks;

/// <summary>The JSON shape, signing and success check of a webhook receiver.</summary>
public enum WebhookKind
{
    /// <summary>Generic JSON: <c>{"subject","body","recipients"}</c>, 2xx is success.</summary>
    Generic,

    /// <summary>WeCom (企业微信) group robot: markdown message; success is <c>errcode</c> 0 in the reply.</summary>
    WeCom,

    /// <summary>DingTalk (钉钉) custom robot, optionally signed: markdown message; success is <c>errcode</c> 0.</summary>
    DingTalk,

    /// <summary>Feishu/Lark (飞书) custom bot, optionally signed: text message; success is <c>code</c> 0.</summary>
    Feishu,

    /// <summary>Microsoft Teams incoming webhook: a MessageCard; 2xx is success.</summary>
    Teams,

    /// <summary>Slack incoming webhook: <c>{"text"}</c>; 2xx is success.</summary>
    Slack,
}
