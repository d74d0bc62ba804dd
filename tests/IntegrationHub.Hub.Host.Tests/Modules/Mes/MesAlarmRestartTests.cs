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
/// The MES server's alarm conditions across a restart of the hub itself, on both stores (issue 22): an alarm that ended
/// on the server while the hub was down is cleared by the restarted hub's first ConditionRefresh (which resends it as
/// inactive, or ends without it), and its ticket's history says why; one still active stays; the refused condition that the refresh resends is still one
/// dead letter.
/// </summary>
public abstract class MesAlarmRestartTests(TestStore testStore)
{
    [Collection(MesAdapterTests.Collection)]
    public sealed class OnSqlite() : MesAlarmRestartTests(TestStore.Sqlite);

    [Collection(MesAdapterTests.Collection)]
    public sealed class OnPostgreSql() : MesAlarmRestartTests(TestStore.PostgreSql);

    [Fact]
    public async Task HubDown_AlarmEndedOnTheServerMeanwhile_ClearedByTheFirstRefresh_RefusalStillOneDeadLetter()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--alarms", "3");
        await using var driver = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = server.EndpointUrl }, ct);
        var settings = MesAlarmConditionTests.Settings(server);
        var data = TestHub.NewDataFolder();
        await using (var first = await TestHub.StartInAsync(testStore, data, settings))
        {
            first.KeepDataFolder = true;
            await RulesHub.SeedCustomersAsync(first);
            using var desk = await RulesHub.SignInAsync(first);
            await MesAlarmConditionTests.SetAsync(driver, 1, true, 700, ct);
            await MesAlarmConditionTests.SetAsync(driver, 2, true, 450, ct);
            await MesAlarmConditionTests.SetAsync(driver, 3, true, 999, ct); // Machine0003 is in no mapping
            await MesAlarmConditionTests.TicketAsync(desk, "EQ-1");
            await MesAlarmConditionTests.TicketAsync(desk, "EQ-2");
            var store = first.Services.GetRequiredService<IHubStore>();
            await WaitFor.ConditionAsync(async () => (await store.ListDeadLettersAsync("mes-opcua-alarms", false, 10, ct)).Count >= 1, "the dead letter of Machine0003");
        }

        // EQ-1's condition ends while no hub watches; EQ-2's and Machine0003's stay active.
        await MesAlarmConditionTests.SetAsync(driver, 1, false, 700, ct);

        await using var second = await TestHub.StartInAsync(testStore, data, settings);
        using var again = await RulesHub.SignInAsync(second);
        JsonElement cleared;
        try
        {
            cleared = await MesAlarmConditionTests.TicketAsync(again, "EQ-1", d => MesAlarmConditionTests.Has(d, "alarm-cleared"));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join("\n", second.Logs.Entries.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning || l.EventId is >= 4120 and < 4130 or >= 4200 and < 4300).Select(l => $"{l.EventId} {l.Message}"))}", e);
        }

        var why = cleared.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("action").GetString() == "alarm-cleared").GetProperty("detail").GetString();
        // The server retains EQ-1's condition until it is acknowledged, so the refresh resends it as inactive (had the
        // desk acknowledged it, the refresh would leave it out); either way the history names the held alarm's end.
        Assert.Contains("Machine0001/Fault inactive", why);
        Assert.Contains("from before it started watching", why);
        // Cleared at the refresh's end, with everything the refresh resent before it: EQ-2 (resent active) kept its alarm,
        // and Machine0003's resent refusal found its dead letter stored already.
        Assert.False(MesAlarmConditionTests.Has(await MesAlarmConditionTests.TicketAsync(again, "EQ-2"), "alarm-cleared"));
        var letters = await second.Services.GetRequiredService<IHubStore>().ListDeadLettersAsync("mes-opcua-alarms", false, 10, ct);
        Assert.Contains("'Machine0003' is not mapped", Assert.Single(letters).Reason);
        Assert.Equal(2, (await again.GetFromJsonAsync<JsonElement>("/api/desk/tickets", ct)).GetProperty("items").GetArrayLength());
        Assert.Contains(second.Logs.Entries, l => l.EventId == 4122 && l.Message.Contains("2 alarms", StringComparison.Ordinal));
    }
}
