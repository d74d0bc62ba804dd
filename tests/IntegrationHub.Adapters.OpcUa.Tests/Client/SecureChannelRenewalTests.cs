using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

[Collection(MesServerCollection.Name)]
public sealed class SecureChannelRenewalTests(MesOpcUaServerFixture fixture)
{
    [Fact]
    public async Task Token_ShortLifetime_RenewedBeforeExpiryAndRequestsKeepWorking()
    {
        var ct = TestTimeout.Token();
        await using var client = await OpcUaClient.ConnectAsync(new OpcUaClientOptions
        {
            EndpointUrl = fixture.Server.EndpointUrl,
            SecureChannelLifetime = TimeSpan.FromSeconds(2),
        }, ct);
        var firstToken = client.Channel.Token;
        var node = ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s=Test.Counter");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (client.Channel.RenewalCount < 2 && DateTime.UtcNow < deadline)
        {
            Assert.True((await client.ReadValueAsync(node, ct)).Status.IsGood);
            await Task.Delay(200, ct);
        }

        Assert.True(client.Channel.RenewalCount >= 2, $"renewals: {client.Channel.RenewalCount}, lifetime {firstToken.RevisedLifetime} ms");
        Assert.NotEqual(firstToken.TokenId, client.Channel.Token.TokenId);
        Assert.Equal(firstToken.ChannelId, client.Channel.Token.ChannelId);
        Assert.True((await client.ReadValueAsync(node, ct)).Status.IsGood);
        Assert.Equal(0, client.ReconnectCount);
    }
}
