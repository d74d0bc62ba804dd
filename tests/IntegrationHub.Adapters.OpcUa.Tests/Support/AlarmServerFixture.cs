using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Support;

/// <summary>
/// One MES simulator with alarm conditions (--alarms, deploy/simulator/mes-opcua/alarms.js) shared by a collection, and
/// a client of its own that drives the alarms with Writes, as an operator or the machine would. Each test uses machines
/// of its own (Machine0001..Machine0040), so they do not see each other's alarms change.
/// </summary>
public sealed class AlarmServerFixture : IAsyncLifetime
{
    /// <summary>The simulator's alarm machines.</summary>
    public const int Machines = 40;

    private MesOpcUaServer? _server;
    private OpcUaClient? _driver;

    /// <summary>The running server.</summary>
    public MesOpcUaServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The SourceName of alarm machine <paramref name="n"/> (1-based).</summary>
    public static string Machine(int n) => "Machine" + n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts the simulator with <paramref name="machines"/> alarm machines.</summary>
    public static Task<MesOpcUaServer> StartServerAsync(CancellationToken ct, int machines = Machines, params string[] extra) =>
        MesOpcUaServer.StartAsync(ct, ["--alarms", machines.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await StartServerAsync(CancellationToken.None);
        _driver = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = _server.EndpointUrl }, CancellationToken.None);
    }

    /// <summary>Raises (or, with <paramref name="active"/> false, clears) the Fault condition of a machine through the fixture's own client.</summary>
    public Task SetAsync(int machine, bool active, CancellationToken ct, ushort severity = 500, string? message = null) =>
        SetAsync(_driver!, machine, active, ct, severity, message);

    /// <summary>Raises or clears the Fault condition of a machine with <paramref name="client"/>: severity and message first, then Active, in one Write.</summary>
    public static async Task SetAsync(OpcUaClient client, int machine, bool active, CancellationToken ct, ushort severity = 500, string? message = null)
    {
        var id = "Alarms." + Machine(machine);
        NodeId Node(string field) => client.Namespaces.ToNodeId(ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}.{field}"));
        var results = await client.WriteAsync(
        [
            new WriteValue(Node("Severity"), new DataValue { Value = new Variant(BuiltInType.UInt16, severity) }),
            new WriteValue(Node("Message"), new DataValue { Value = message ?? $"{Machine(machine)} fault" }),
            new WriteValue(Node("Active"), new DataValue { Value = active }),
        ], ct);
        Assert.All(results, r => Assert.True(r.IsGood, $"write to {id}: {r}"));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_driver is not null)
        {
            await _driver.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
