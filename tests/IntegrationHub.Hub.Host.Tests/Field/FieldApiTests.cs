using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Field;

/// <summary>
/// Issue 24 item 2, the engineer's phone page API on both stores: an engineer's tickets in SLA order, the machine's
/// record, the visit's steps in order with their times, and the service report stored once however often it is sent.
/// "An engineer sees only tickets assigned to them or their queue. Offline reports that arrive twice are stored once."
/// </summary>
public abstract class FieldApiTests(FieldHub hub)
{
    public sealed class OnSqlite(FieldHub.OnSqlite hub) : FieldApiTests(hub), IClassFixture<FieldHub.OnSqlite>;

    public sealed class OnPostgreSql(FieldHub.OnPostgreSql hub) : FieldApiTests(hub), IClassFixture<FieldHub.OnPostgreSql>;

    [Fact]
    public async Task Tickets_AssignedAndQueued_InSlaOrder_NobodyElses()
    {
        var later = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(3));
        var soonest = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var queued = await hub.NewTicketAsync(null, "service-desk", TimeSpan.FromHours(2));
        var linas = await hub.NewTicketAsync("li.na", null, TimeSpan.FromMinutes(30));
        var otherQueue = await hub.NewTicketAsync(null, "presales", TimeSpan.FromMinutes(10));
        var mine = new[] { later, soonest, queued, linas, otherQueue };

        var zhang = await TicketNosAsync(hub.Zhang);
        Assert.Equal([soonest, queued, later], zhang.Where(mine.Contains));
        var lina = await TicketNosAsync(hub.Lina);
        Assert.Equal([linas], lina.Where(mine.Contains));
        var me = await hub.Lina.GetFromJsonAsync<JsonElement>("/api/field/me");
        Assert.Equal("li.na", me.GetProperty("engineerId").GetString());
    }

    [Fact]
    public async Task AnotherEngineersTicket_AnsweredAsUnknown_AndLeftAlone()
    {
        var linas = await hub.NewTicketAsync("li.na", null, TimeSpan.FromHours(1));
        var before = await HistoryAsync(hub.Lina, linas);

        var theirs = await ErrorAsync(await hub.Zhang.GetAsync($"/api/field/tickets/{linas}"), HttpStatusCode.NotFound);
        var unknown = await ErrorAsync(await hub.Zhang.GetAsync("/api/field/tickets/T-NONE-1"), HttpStatusCode.NotFound);
        Assert.Equal(unknown.Error, theirs.Error);
        Assert.Equal(unknown.Message.Replace("T-NONE-1", linas, StringComparison.Ordinal), theirs.Message);
        foreach (var step in new[] { "accept", "on-my-way", "arrived", "resolve" })
        {
            Assert.Equal(theirs, await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"/api/field/tickets/{linas}/{step}", new { }), HttpStatusCode.NotFound));
        }

        Assert.Equal(theirs, await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"/api/field/tickets/{linas}/reports", Report(Guid.NewGuid())), HttpStatusCode.NotFound));
        Assert.Equal(before, await HistoryAsync(hub.Lina, linas));
        var detail = await hub.Lina.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{linas}");
        Assert.Equal("li.na", detail.GetProperty("ticket").GetProperty("assignee").GetString());
        Assert.Equal(0, detail.GetProperty("reports").GetArrayLength());
        Assert.Contains(hub.Hub.Logs.Entries, e => e.EventId == 2315 && e.Message.Contains(linas, StringComparison.Ordinal));

        // A ticket number with control characters comes back escaped, never raw.
        var forged = await ErrorAsync(await hub.Zhang.GetAsync("/api/field/tickets/T-1%1B%5B2J%0Aforged"), HttpStatusCode.NotFound);
        Assert.DoesNotContain('\u001b', forged.Message);
        Assert.DoesNotContain('\n', forged.Message);
        Assert.Contains("\\u001B", forged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAnEngineer_Refused_AnEngineerKeptOffTheDeskQueue()
    {
        using var anonymous = new HttpClient { BaseAddress = hub.Hub.Client.BaseAddress };
        anonymous.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/field/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/field/tickets/T-1/reports", Report(Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hub.Agent.GetAsync("/api/field/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hub.Agent.GetAsync("/api/field/me")).StatusCode);
        var ghost = await ErrorAsync(await hub.Ghost.GetAsync("/api/field/tickets"), HttpStatusCode.Forbidden);
        Assert.Equal("not_on_roster", ghost.Error);
        Assert.Contains("ghost", ghost.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await hub.Zhang.GetAsync("/api/desk/tickets")).StatusCode);

        // The desk's CSRF rule holds here too: a state change without the header is refused.
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/field/tickets/{mine}/accept") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Cookie", hub.ZhangCookie);
        using var noHeader = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = hub.Hub.Client.BaseAddress };
        Assert.Equal("csrf", (await ErrorAsync(await noHeader.SendAsync(request), HttpStatusCode.Forbidden)).Error);
        Assert.Equal("accept", (await hub.Zhang.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{mine}")).GetProperty("progress").GetProperty("next").GetString());
    }

    [Fact]
    public async Task Steps_OnlyInOrder_WithTimes_ResolvedThroughTheDesksPath()
    {
        var queued = await hub.NewTicketAsync(null, "service-desk", TimeSpan.FromHours(1));
        var url = $"/api/field/tickets/{queued}";

        var early = await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/arrived", new { }), HttpStatusCode.Conflict);
        Assert.Contains("the next step is 'accept'", early.Message, StringComparison.Ordinal);
        await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/resolve", new { }), HttpStatusCode.Conflict);
        await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/on-my-way", new { }), HttpStatusCode.Conflict);
        Assert.Equal(["opened"], await HistoryAsync(hub.Zhang, queued));

        var accepted = await OkAsync(hub.Zhang, $"{url}/accept");
        Assert.Equal("zhang.wei", accepted.GetProperty("ticket").GetProperty("assignee").GetString());
        Assert.Equal("Acknowledged", accepted.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal("on-my-way", accepted.GetProperty("progress").GetProperty("next").GetString());
        await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/accept", new { }), HttpStatusCode.Conflict);
        Assert.Contains("'on-my-way'", (await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/arrived", new { }), HttpStatusCode.Conflict)).Message, StringComparison.Ordinal);
        await OkAsync(hub.Zhang, $"{url}/on-my-way");
        await OkAsync(hub.Zhang, $"{url}/arrived");
        var tooLong = await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/resolve", new { note = new string('n', 4001) }), HttpStatusCode.BadRequest);
        Assert.Equal("too_long", tooLong.Error);
        var resolved = await OkAsync(hub.Zhang, $"{url}/resolve", new { note = "Bearing replaced." });
        Assert.Equal("Resolved", resolved.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Null(resolved.GetProperty("progress").GetProperty("next").GetString());
        await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"{url}/accept", new { }), HttpStatusCode.Conflict);

        var detail = await hub.Zhang.GetFromJsonAsync<JsonElement>(url);
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["opened", "field-accepted", "field-on-my-way", "field-arrived", "resolved"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Contains("Bearing replaced.", history[^1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        var times = history.Skip(1).Select(h => h.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        var progress = detail.GetProperty("progress");
        Assert.Equal(times, new[] { "acceptedAt", "onMyWayAt", "arrivedAt", "resolvedAt" }.Select(p => progress.GetProperty(p).GetDateTimeOffset()));
        Assert.Contains(hub.Hub.Logs.Entries, e => e.EventId == 2310 && e.Message.Contains(queued, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_SentTwice_StoredOnce_AnIdOfAnotherTicketRefused()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var other = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(2));
        var id = Guid.NewGuid();

        var first = await OkAsync(hub.Zhang, $"/api/field/tickets/{mine}/reports", Report(id));
        Assert.False(first.GetProperty("resent").GetBoolean());
        var again = await OkAsync(hub.Zhang, $"/api/field/tickets/{mine}/reports", Report(id) with { WorkDone = "changed on the second send" });
        Assert.True(again.GetProperty("resent").GetBoolean());
        Assert.Equal("Replaced the spindle bearing.", again.GetProperty("report").GetProperty("workDone").GetString());
        var elsewhere = await ErrorAsync(await hub.Zhang.PostAsJsonAsync($"/api/field/tickets/{other}/reports", Report(id)), HttpStatusCode.Conflict);
        Assert.Contains(id.ToString(), elsewhere.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mine, elsewhere.Message, StringComparison.Ordinal);

        var detail = await hub.Zhang.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{mine}");
        var report = Assert.Single(detail.GetProperty("reports").EnumerateArray());
        Assert.Equal(95, report.GetProperty("minutesSpent").GetInt32());
        Assert.Equal("Frau Müller", report.GetProperty("customerName").GetString());
        Assert.Equal([("BRG-6205", 2m)], report.GetProperty("parts").EnumerateArray().Select(p => (p.GetProperty("itemCode").GetString(), p.GetProperty("quantity").GetDecimal())));
        Assert.Single(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "service-report");
        Assert.Empty((await hub.Zhang.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{other}")).GetProperty("reports").EnumerateArray());
        Assert.Contains(hub.Hub.Logs.Entries, e => e.EventId == 2312 && e.Message.Contains(id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_HostileValues_Refused400NamingTheField_NothingStored()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var url = $"/api/field/tickets/{mine}/reports";
        var good = Report(Guid.NewGuid());
        var before = await HistoryAsync(hub.Zhang, mine);

        await RefusedAsync(url, good with { MinutesSpent = -30 }, "invalid_minutes", "minutesSpent is -30");
        await RefusedAsync(url, good with { MinutesSpent = 10081 }, "invalid_minutes", "use 0 to 10080");
        await RefusedAsync(url, good with { WorkDone = "done\u001b[2J" }, "invalid_text", "U+001B");
        await RefusedAsync(url, good with { WorkDone = new string('w', 4001) }, "too_long", "the limit is 4000");
        await RefusedAsync(url, good with { WorkDone = "  " }, "missing_field", "workDone");
        await RefusedAsync(url, good with { CustomerName = "Müller\nSigned: the boss" }, "invalid_text", "one line");
        await RefusedAsync(url, good with { Parts = [new("BRG-6205", -1m)] }, "invalid_parts", "parts line 1: quantity is -1");
        await RefusedAsync(url, good with { Parts = [.. Enumerable.Repeat(new ReportPart("BRG-6205", 1m), 51)] }, "invalid_parts", "the limit is 50");
        await RefusedAsync(url, good with { Parts = [new("BRG\u0000", 1m)] }, "invalid_text", "parts line 1");
        await RefusedAsync(url, good with { ReportId = "not-a-uuid" }, "invalid_report_id", "reportId");
        await RefusedRawAsync(url, """{"reportId":"3f2b0c1e-8d4a-4e6f-9b1a-2c3d4e5f6a7b","workDone":"x","minutesSpent":"ninety","customerName":"A"}""", "invalid_minutes", "found text");
        await RefusedRawAsync(url, """{"reportId":"3f2b0c1e-8d4a-4e6f-9b1a-2c3d4e5f6a7b","workDone":42,"minutesSpent":5,"customerName":"A"}""", "invalid_type", "workDone must be text");
        await RefusedRawAsync(url, "[1, 2, 3]", "invalid_report", "JSON object");
        await RefusedRawAsync(url, "{\"reportId\": ", "invalid_json", "not JSON");

        using var huge = await hub.Zhang.PostAsJsonAsync(url, good with { WorkDone = new string('w', 5 * 1024 * 1024) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var body = await huge.Content.ReadAsStringAsync();
        Assert.Contains("report_too_large", body, StringComparison.Ordinal);
        Assert.True(body.Length < 1000, $"the error repeats the request: {body.Length} characters");

        var detail = await hub.Zhang.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{mine}");
        Assert.Empty(detail.GetProperty("reports").EnumerateArray());
        Assert.Equal(before, await HistoryAsync(hub.Zhang, mine));

        // At the limits the report is taken.
        await OkAsync(hub.Zhang, url, good with { WorkDone = new string('w', 4000), MinutesSpent = 0, Parts = [] });
    }

    [Fact]
    public async Task MachineRecord_ModelSerialInstallation_ServiceHistory_LastReadings_OpenAlarms()
    {
        var earlier = await hub.NewTicketAsync("li.na", null, TimeSpan.FromHours(1));
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        await hub.RaiseAlarmAsync("SPINDLE-HOT", mine);

        var machine = (await hub.Zhang.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{mine}")).GetProperty("machine");
        Assert.Equal(FieldHub.Asset, machine.GetProperty("assetId").GetString());
        Assert.Equal("VMC-850", machine.GetProperty("model").GetString());
        Assert.Equal("SN-0042", machine.GetProperty("serialNo").GetString());
        Assert.Equal(FieldHub.InstalledAt, machine.GetProperty("installedAt").GetDateTimeOffset());
        var history = machine.GetProperty("serviceHistory").EnumerateArray().Select(h => h.GetProperty("ticketNo").GetString()).ToList();
        Assert.Contains(earlier, history);
        Assert.DoesNotContain(mine, history);
        var reading = Assert.Single(machine.GetProperty("readings").EnumerateArray());
        Assert.Equal(("temperature", 87.5m), (reading.GetProperty("metric").GetString(), reading.GetProperty("value").GetDecimal()));
        var alarm = Assert.Single(machine.GetProperty("openAlarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "SPINDLE-HOT");
        Assert.Equal("Spindle too hot", alarm.GetProperty("text").GetString());
    }

    private sealed record ReportPart(string ItemCode, decimal Quantity);

    private sealed record ReportBody(string ReportId, string WorkDone, int MinutesSpent, IReadOnlyList<ReportPart> Parts, string CustomerName);

    private static ReportBody Report(Guid id) =>
        new(id.ToString(), "Replaced the spindle bearing.", 95, [new("BRG-6205", 2m)], "Frau Müller");

    private async Task RefusedAsync(string url, ReportBody body, string error, string message)
    {
        var refused = await ErrorAsync(await hub.Zhang.PostAsJsonAsync(url, body), HttpStatusCode.BadRequest);
        Assert.Equal(error, refused.Error);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    private async Task RefusedRawAsync(string url, string json, string error, string message)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var refused = await ErrorAsync(await hub.Zhang.PostAsync(url, content), HttpStatusCode.BadRequest);
        Assert.Equal(error, refused.Error);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string url, object? body = null)
    {
        using var response = await client.PostAsJsonAsync(url, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(string Error, string Message)> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
            var json = JsonDocument.Parse(text).RootElement;
            Assert.True(text.Length < 1000, $"the error repeats the request: {text.Length} characters");
            return (json.GetProperty("error").GetString()!, json.GetProperty("message").GetString()!);
        }
    }

    private static async Task<List<string>> TicketNosAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/field/tickets")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("ticket").GetProperty("ticketNo").GetString()!)];

    private static async Task<List<string>> HistoryAsync(HttpClient client, string ticketNo) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{ticketNo}")).GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("action").GetString()!)];
}
