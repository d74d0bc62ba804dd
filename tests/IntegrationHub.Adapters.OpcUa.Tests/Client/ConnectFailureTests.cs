using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

public sealed class ConnectFailureTests
{
    [Fact]
    public async Task Connect_NothingListening_TransientCommunicationErrorNamingEndpoint()
    {
        var url = new Uri($"opc.tcp://127.0.0.1:{MesOpcUaServer.FreePort()}");
        // A clock that never moves: the refused connection fails at once, without a timeout or a retry delay running
        // out (a client that waited on one would hang here until the test's guard).
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = url, TimeProvider = new ManualTimeProvider() }, TestTimeout.Token()));
        Assert.True(ex.IsTransient);
        Assert.Equal("BadCommunicationError", ex.StatusCode.Name);
        Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);
    }
}
