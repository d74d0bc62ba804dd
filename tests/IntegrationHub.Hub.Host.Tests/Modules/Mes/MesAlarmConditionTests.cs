using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

/// <summary>
/// The MES server's alarm conditions in a running hub, on both stores (issue 22 item 1): a raised condition opens a
/// ticket through the rules' ticket path with the priority of the severity table, the desk's acknowledgement reaches
/// the condition on the server with the comment, a cleared condition clears the alarm, a server restart in the middle
/// clears through the ConditionRefresh the alarm that is no longer active, and an unmapped source is a dead letter.
/// </summary>
public abstract class MesAlarmConditionTests(TestStore testStore)
{
    [Collection(MesAdapterTests.Collection)]
    public sealed class OnSqlite() : MesAlarmConditionTests(TestStore.Sqlite);

    [Collection(MesAdapterTests.Collection)]
    public sealed class OnPostgreSql() : MesAlarmConditionTests(TestStore.PostgreSql);

    internal static string[] Settings(MesOpcUaServer server) =>
    [
        "--Hub:Mes:Enabled=true",
        $"--Hub:Mes:EndpointUrl={server.EndpointUrl}",
        "--Hub:Mes:SecurityMode=None",
        "--Hub:Mes:PublishingInterval=00:00:00.100",
        "--Hub:Mes:Alarms:Enabled=true",
        "--Hub:Mes:Alarms:AcknowledgeOnServer=true",
        "--Hub:Mes:Alarms:Sources:Machine0001=EQ-1",
        "--Hub:Mes:Alarms:Sources:Machine0002=EQ-2",
    ];

    /// <summary>Sets the simulator's condition of Machine<paramref name="machine"/> (its severity, then its state).</summary>
    internal static async Task SetAsync(OpcUaClient driver, int machine, bool active, ushort severity, CancellationToken ct)
    {
        var id = $"nsu={MesOpcUaServer.NamespaceUri};s=Alarms.Machine{machine:D4}";
        Assert.True((await driver.WriteValueAsync(ExpandedNodeId.Parse(id + ".Severity"), new Variant(BuiltInType.UInt16, severity), ct)).IsGood);
        Assert.True((await driver.WriteValueAsync(ExpandedNodeId.Parse(id + ".Active"), active, ct)).IsGood);
    }

    /// <summary>The detail of the one ticket of <paramref name="asset"/> once it holds <paramref name="holds"/>.</summary>
    internal static async Task<JsonElement> TicketAsync(HttpClient desk, string asset, Func<JsonElement, bool>? holds = null)
    {
        JsonElement found = default;
        await WaitFor.ConditionAsync(async () =>
        {
            var items = (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("ticket")).Where(t => t.GetProperty("assetId").GetString() == asset).ToList();
            if (items.Count != 1)
            {
                return false;
            }

            var detail = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{items[0].GetProperty("ticketNo").GetString()}");
            found = detail;
            return holds?.Invoke(detail) ?? true;
        }, $"the ticket of {asset}");
        return found;
    }

    internal static bool Has(JsonElement detail, string action) =>
        detail.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("action").GetString() == action);

    [Fact]
    public async Task Conditions_RaiseAcknowledgeClear_ThroughTheTicketPath_RestartInTheMiddleClearsWhatEnded()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--alarms", "3");
        await using var hub = await TestHub.StartAsync(testStore, Settings(server));
        await RulesHub.SeedCustomersAsync(hub);
        using var desk = await RulesHub.SignInAsync(hub);
        await using (var driver = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = server.EndpointUrl }, ct))
        {
            // EQ-1 belongs to a Gold customer: severity 700 is Major, P0 for Gold; EQ-2's Standard customer gets P2 for 450 (Warning).
            await SetAsync(driver, 1, true, 700, ct);
            await SetAsync(driver, 2, true, 450, ct);
            await SetAsync(driver, 3, true, 999, ct); // Machine0003 is in no mapping
            JsonElement first;
            try
            {
                first = (await TicketAsync(desk, "EQ-1")).GetProperty("ticket");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n{string.Join("\n", hub.Logs.Entries.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning || l.EventId is >= 4200 and < 4300).Select(l => $"{l.EventId} {l.Message}"))}", e);
            }

            Assert.Equal(("Fault", "P0"), (first.GetProperty("alarmCode").GetString(), first.GetProperty("priority").GetString()));
            Assert.Equal("P2", (await TicketAsync(desk, "EQ-2")).GetProperty("ticket").GetProperty("priority").GetString());
            var store = hub.Services.GetRequiredService<IHubStore>();
            // Exactly one, however often a ConditionRefresh (the first, or one after a reconnect on a busy machine)
            // resends the refused condition: its dead letter carries the content key of the condition's state.
            await WaitFor.ConditionAsync(async () => (await store.ListDeadLettersAsync("mes-opcua-alarms", false, 10, ct)).Count >= 1, "the dead letter of Machine0003");
            Assert.Contains("'Machine0003' is not mapped", Assert.Single(await store.ListDeadLettersAsync("mes-opcua-alarms", false, 10, ct)).Reason);

            // The desk acknowledges with a comment: so does the server's condition.
            var no = first.GetProperty("ticketNo").GetString()!;
            var ack = await desk.PostAsJsonAsync($"/api/desk/tickets/{no}/acknowledge", new { comment = "Technician on the way" }, ct);
            Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync(ct));
            var acked = await TicketAsync(desk, "EQ-1", d => Has(d, "acknowledged-on-server"));
            Assert.Contains("Technician on the way", acked.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("action").GetString() == "acknowledged").GetProperty("detail").GetString());
            var ackedState = await driver.ResolveBrowsePathAsync(
                [new(MesOpcUaServer.NamespaceUri, "Alarms"), new(MesOpcUaServer.NamespaceUri, "Machine0001"), new(MesOpcUaServer.NamespaceUri, "Fault"), new(null, "AckedState"), new(null, "Id")], ct);
            Assert.Equal(true, (await driver.ReadValueAsync(ackedState, ct)).Value.Value);
            // A control character in the comment is refused before anything is acknowledged.
            var bad = await desk.PostAsJsonAsync($"/api/desk/tickets/{(await TicketAsync(desk, "EQ-2")).GetProperty("ticket").GetProperty("ticketNo").GetString()}/acknowledge", new { comment = "ok\u001b[2J" }, ct);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);

            await SetAsync(driver, 1, false, 700, ct);
            await TicketAsync(desk, "EQ-1", d => Has(d, "alarm-cleared"));
        }

        // EQ-2 is still active when the server restarts, and the restarted server has no active alarm: the refresh after
        // the reconnect clears it. Nothing opens twice.
        await server.StopAsync(ct);
        await server.StartAgainAsync(ct);
        var cleared = await TicketAsync(desk, "EQ-2", d => Has(d, "alarm-cleared"));
        Assert.Contains("ConditionRefresh", cleared.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("action").GetString() == "alarm-cleared").GetProperty("detail").GetString());
        Assert.Equal(2, (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets", ct)).GetProperty("items").GetArrayLength());
    }
}
