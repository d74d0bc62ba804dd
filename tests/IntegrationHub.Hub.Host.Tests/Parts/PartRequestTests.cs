using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary>
/// Spare parts from ERP stock (issue 24 item 3), on both stores: availability from stock imported through the file drop,
/// a request with available, short and unknown lines recorded with the ticket and written to the ERP's folder in
/// GB18030, a resend answered from the store, and a folder that vanished dead-lettered, then replayed.
/// </summary>
public abstract class PartRequestTests(TestStore testStore)
{
    public sealed class OnSqlite() : PartRequestTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PartRequestTests(TestStore.PostgreSql);

    [Fact]
    public async Task Availability_FromImportedStock_AvailableMinusReservedPerWarehouse_UnknownItemNotKnown()
    {
        var (hub, _) = await PartsHub.StartAsync(testStore);
        await using var _hub = hub;
        using var client = await PartsHub.SignInAsync(hub, "eng-li");

        var bearing = await client.GetFromJsonAsync<JsonElement>("/api/field/parts/BRG-6204");
        var unknown = await client.GetFromJsonAsync<JsonElement>("/api/field/parts/NOPE-1");

        Assert.Equal("BRG-6204", bearing.GetProperty("itemCode").GetString());
        Assert.True(bearing.GetProperty("known").GetBoolean());
        Assert.Equal(8m, bearing.GetProperty("totalAvailable").GetDecimal());
        Assert.Equal("pcs", bearing.GetProperty("unit").GetString());
        Assert.Equal([("上海仓", 0m), ("苏州总仓", 8m)], bearing.GetProperty("warehouses").EnumerateArray()
            .Select(w => (w.GetProperty("warehouse").GetString(), w.GetProperty("available").GetDecimal())));
        Assert.False(unknown.GetProperty("known").GetBoolean());
        Assert.Equal(0m, unknown.GetProperty("totalAvailable").GetDecimal());
        Assert.Empty(unknown.GetProperty("warehouses").EnumerateArray());
        // An item code is a key prefix: BRG-62 is not BRG-6204.
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/field/parts/BRG-62")).GetProperty("known").GetBoolean());
    }

    [Fact]
    public async Task Request_AvailableShortUnknownLines_RecordedWithTicket_WrittenToErpFolderInGb18030_ResendAnsweredOnce()
    {
        var (hub, export) = await PartsHub.StartAsync(testStore);
        await using var _hub = hub;
        await PartsHub.TicketAsync(hub, "T-2026-000901");
        using var client = await PartsHub.SignInAsync(hub, "eng-li");
        var requestId = Guid.NewGuid().ToString();
        var body = PartsHub.Request(requestId, ("BRG-6204", 4), ("SEAL-20", 5), ("NOPE-1", 1), ("=A1", 2.5m));

        using var response = await client.PostAsync("/api/field/tickets/T-2026-000901/parts", PartsHub.Body(body));
        var first = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(first).RootElement;
        var requestNo = answer.GetProperty("requestNo").GetString()!;
        Assert.Matches(@"^PR-20\d\d-\d{6}$", requestNo);
        Assert.Equal(
            [("BRG-6204", 4m, "available", 8m), ("SEAL-20", 5m, "short", 3m), ("NOPE-1", 1m, "unknown", 0m), ("=A1", 2.5m, "available", 50m)],
            answer.GetProperty("lines").EnumerateArray().Select(l => (
                l.GetProperty("itemCode").GetString(), l.GetProperty("quantity").GetDecimal(), l.GetProperty("status").GetString(), l.GetProperty("available").GetDecimal())));

        // The ERP's file: GB18030, a header, one row per line, short and unknown marked, the formula-looking code guarded.
        var file = Path.Combine(export, $"part-request-{requestNo}.csv");
        await WaitFor.ConditionAsync(() => File.Exists(file), "the request's file in the ERP's folder: " + hub.Logs);
        var rows = ExportEncodings.Find("gb18030")!.GetString(await File.ReadAllBytesAsync(file)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("request_no,ticket_no,line,item_code,quantity,unit,status,available,requested_by,requested_at", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.StartsWith($"{requestNo},T-2026-000901,1,BRG-6204,4,pcs,available,8,eng-li,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"{requestNo},T-2026-000901,2,SEAL-20,5,pcs,short,3,eng-li,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith($"{requestNo},T-2026-000901,3,NOPE-1,1,,unknown,0,eng-li,", rows[3], StringComparison.Ordinal);
        Assert.StartsWith($"{requestNo},T-2026-000901,4,'=A1,2.5,pcs,available,50,eng-li,", rows[4], StringComparison.Ordinal);

        // The ticket's history says what was asked and what was short or unknown.
        var detail = await client.GetFromJsonAsync<JsonElement>("/api/desk/tickets/T-2026-000901");
        var entry = Assert.Single(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "parts-requested");
        var text = entry.GetProperty("detail").GetString()!;
        Assert.Contains("5 × SEAL-20 SHORT (3 available)", text, StringComparison.Ordinal);
        Assert.Contains("1 × NOPE-1 UNKNOWN", text, StringComparison.Ordinal);
        Assert.Contains($"Sent to the ERP as part-request-{requestNo}.csv", text, StringComparison.Ordinal);
        Assert.Equal("eng-li", entry.GetProperty("actor").GetString());

        // The phone page resends (no answer reached it): the first answer, nothing new recorded, queued or written.
        using var again = await client.PostAsync("/api/field/tickets/T-2026-000901/parts", PartsHub.Body(body));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM part_requests"));
        Assert.Equal(4, await hub.CountAsync("SELECT count(*) FROM part_request_lines"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'parts:erp'"));
        await WaitFor.ConditionAsync(async () => await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'parts:erp' AND status = 'Sent'") == 1, "the request's message sent");
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(export).Select(Path.GetFileName));
        Assert.Single(hub.Logs.Entries, e => e.EventId == 2321);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/desk/tickets/T-2026-000901")).GetProperty("history").EnumerateArray(),
            h => h.GetProperty("action").GetString() == "parts-requested");

        // The desk's ticket view lists it.
        var listed = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/field/tickets/T-2026-000901/parts")).EnumerateArray());
        Assert.Equal(requestNo, listed.GetProperty("requestNo").GetString());
        Assert.Equal(["available", "short", "unknown", "available"], listed.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("status").GetString()));

        // A second request gets the next number.
        using var second = await client.PostAsync("/api/field/tickets/T-2026-000901/parts", PartsHub.Body(PartsHub.Request(Guid.NewGuid().ToString(), ("BRG-6204", 1))));
        var secondNo = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestNo").GetString()!;
        Assert.Equal(long.Parse(requestNo[^6..], System.Globalization.CultureInfo.InvariantCulture) + 1, long.Parse(secondNo[^6..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(hub.Logs.Errors);
    }

    [Fact]
    public async Task Request_ExportFolderDeletedWhileRunning_DeadLetteredWithTheReason_ReplayWritesItOnceTheFolderIsBack()
    {
        var (hub, export) = await PartsHub.StartAsync(testStore);
        await using var _hub = hub;
        await PartsHub.TicketAsync(hub, "T-2026-000902");
        using var client = await PartsHub.SignInAsync(hub, "eng-wang");
        using var admin = await PartsHub.SignInAsync(hub, "it-admin", DeskRole.Admin);
        Directory.Delete(export);

        using var response = await client.PostAsync("/api/field/tickets/T-2026-000902/parts", PartsHub.Body(PartsHub.Request(Guid.NewGuid().ToString(), ("SEAL-20", 1))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestNo = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestNo").GetString();

        JsonElement dead = default;
        await WaitFor.ConditionAsync(async () =>
        {
            var items = (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Dead")).GetProperty("items").EnumerateArray().ToList();
            dead = items.SingleOrDefault(m => m.GetProperty("channel").GetString() == "parts:erp");
            return dead.ValueKind == JsonValueKind.Object;
        }, "the request's message dead-lettered: " + hub.Logs);
        Assert.Contains($"export folder {export} does not exist", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(export));

        Directory.CreateDirectory(export);
        using var replay = await admin.PostAsync($"/api/desk/outbox/{dead.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        await WaitFor.ConditionAsync(() => File.Exists(Path.Combine(export, $"part-request-{requestNo}.csv")), "the replayed request's file: " + hub.Logs);
        await WaitFor.ConditionAsync(async () => await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'parts:erp' AND status = 'Sent'") == 1, "the replayed message sent");
        Assert.Single(Directory.GetFiles(export));
    }
}
