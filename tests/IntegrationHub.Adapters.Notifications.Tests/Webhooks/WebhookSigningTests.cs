using IntegrationHub.Adapters.Notifications.Webhooks;

namespace IntegrationHub.Adapters.Notifications.Tests.Webhooks;

public sealed class WebhookSigningTests
{
    // Expected values computed outside .NET with openssl:
    //   printf '1700000000000\nSECtest-secret' | openssl dgst -sha256 -hmac 'SECtest-secret' -binary | base64
    [Fact]
    public void DingTalk_MatchesOpensslVector() =>
        Assert.Equal("LC7hxZ4wslL+P7j7gu1hoQ+wzByekL+yWgiUMekZs0g=", WebhookSigning.DingTalk(1700000000000, "SECtest-secret"));

    //   printf '' | openssl dgst -sha256 -mac HMAC -macopt "key:$(printf '1700000000\nfeishu-secret')" -binary | base64
    [Fact]
    public void Feishu_KeysWithTimestampAndSecret_OverEmptyMessage() =>
        Assert.Equal("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=", WebhookSigning.Feishu(1700000000, "feishu-secret"));
}
