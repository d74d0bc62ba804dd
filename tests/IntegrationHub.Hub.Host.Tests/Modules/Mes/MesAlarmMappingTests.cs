using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

/// <summary>
/// The MES server's alarm conditions through a mapping file in a running hub, on both stores (issue 22 item 1):
/// Hub:Mes:Alarms:Mapping names a MachineAlarm mapping whose value maps give the machine and derive the code, a raised
/// condition opens the ticket of the mapped machine and code, a cleared one clears it, and a source the map does not
/// know is a dead letter of the mapping's source naming the column and field.
/// </summary>
public abstract class MesAlarmMappingTests(TestStore testStore)
{
    [Collection(MesAdapterTests.Collection)]
    public sealed class OnSqlite() : MesAlarmMappingTests(TestStore.Sqlite);

    [Collection(MesAdapterTests.Collection)]
    public sealed class OnPostgreSql() : MesAlarmMappingTests(TestStore.PostgreSql);

    // The simulator's machines as the hub's, and its one condition name as the site's alarm code, under another source name.
    private static readonly string Mapping = MappedConditionSourceMapTests.Yaml.Replace("source: mes-opcua-alarms", "source: plant-alarms", StringComparison.Ordinal);

    [Fact]
    public async Task MappedConditions_RaiseAndClearTheMappedMachineAndCode_UnmappedSourceIsADeadLetterNamingTheField()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--alarms", "3");
        var data = TestHub.NewDataFolder();
        await File.WriteAllTextAsync(Path.Combine(data, "mappings", "plant-alarms.yaml"), Mapping, ct);
        await using var hub = await TestHub.StartInAsync(testStore, data,
            "--Hub:Mes:Enabled=true",
            $"--Hub:Mes:EndpointUrl={server.EndpointUrl}",
            "--Hub:Mes:SecurityMode=None",
            "--Hub:Mes:PublishingInterval=00:00:00.100",
            "--Hub:Mes:Alarms:Enabled=true",
            "--Hub:Mes:Alarms:Mapping=plant-alarms");
        await RulesHub.SeedCustomersAsync(hub);
        using var desk = await RulesHub.SignInAsync(hub);
        await using var driver = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = server.EndpointUrl }, ct);

        await MesAlarmConditionTests.SetAsync(driver, 1, true, 900, ct);
        await MesAlarmConditionTests.SetAsync(driver, 3, true, 500, ct); // Machine0003 is not in the mapping's value map
        JsonElement ticket;
        try
        {
            ticket = (await MesAlarmConditionTests.TicketAsync(desk, "EQ-1")).GetProperty("ticket");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join("\n", hub.Logs.Entries.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => $"{l.EventId} {l.Message}"))}", e);
        }

        // 900 is Critical: P0 for EQ-1's Gold customer. The code is the mapping's, not the ConditionName.
        Assert.Equal(("MES-FAULT", "P0"), (ticket.GetProperty("alarmCode").GetString(), ticket.GetProperty("priority").GetString()));
        var store = hub.Services.GetRequiredService<IHubStore>();
        // Exactly one, however often a ConditionRefresh (the hub's first, racing the raise, or one after a reconnect)
        // resends the refused condition: its dead letter carries the content key of the condition's state.
        await WaitFor.ConditionAsync(async () => (await store.ListDeadLettersAsync("plant-alarms", false, 10, ct)).Count >= 1, "the dead letter of Machine0003");
        var dead = Assert.Single(await store.ListDeadLettersAsync("plant-alarms", false, 10, ct));
        Assert.Contains("column sourceName (AssetId): 'Machine0003' is not a known code", dead.Reason);
        Assert.Contains("Machine0003/Fault", dead.Reference);

        await MesAlarmConditionTests.SetAsync(driver, 1, false, 900, ct);
        await MesAlarmConditionTests.TicketAsync(desk, "EQ-1", d => d.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("action").GetString() == "alarm-cleared"));
        Assert.Single((await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets", ct)).GetProperty("items").EnumerateArray());
    }
}
