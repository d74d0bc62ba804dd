using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

public sealed class ConnectFailureTests
{
    [Fact]
    public async Task Connect_NothingListening_TransientCommunicationErrorNamingEndpoint_WithoutWaitingForTheTimeout()
    {
        // The client's clock never moves, so its connect timeout never fires: the refusal must come from the refused
        // connection itself (was: a wall-clock bound of 5 s, which failed under load). The test token only guards a hang.
        var url = new Uri($"opc.tcp://127.0.0.1:{MesOpcUaServer.FreePort()}");
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = url, TimeProvider = new FrozenTimeProvider() }, TestTimeout.Token()));
        Assert.True(ex.IsTransient);
        Assert.Equal("BadCommunicationError", ex.StatusCode.Name);
        Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);
    }
}
