using System.Diagnostics;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

public sealed class ConnectFailureTests
{
    [Fact]
    public async Task Connect_NothingListening_TransientCommunicationErrorNamingEndpoint()
    {
        var url = new Uri($"opc.tcp://127.0.0.1:{MesOpcUaServer.FreePort()}");
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = url }, TestTimeout.Token()));
        Assert.True(ex.IsTransient);
        Assert.Equal("BadCommunicationError", ex.StatusCode.Name);
        Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
    }
}
