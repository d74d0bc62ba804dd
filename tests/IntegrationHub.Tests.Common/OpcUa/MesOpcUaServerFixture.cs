using Xunit;

namespace IntegrationHub.Tests.Common.OpcUa;

/// <summary>One MES simulator shared by the tests of a collection (starting node-opcua takes seconds).</summary>
public sealed class MesOpcUaServerFixture : IAsyncLifetime
{
    private MesOpcUaServer? _server;

    /// <summary>The running server.</summary>
    public MesOpcUaServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await MesOpcUaServer.StartAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
