using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Tests.Photos;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Portal;

/// <summary>
/// Issue 24 item 1: a customer reports a problem with one of their machines on the portal or through the chat robot,
/// and it becomes a ticket through the alarm's path (priority from category and tier, SLA, assignment, mail), with its
/// text and photos, on SQLite and on PostgreSQL.
/// </summary>
public abstract class ServiceRequestTests(TestStore testStore)
{
    public sealed class OnSqlite() : ServiceRequestTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : ServiceRequestTests(TestStore.PostgreSql);

    private const string Secret = "SEC-robot-secret";

    [Fact]
    public async Task Report_FromPortal_OpensTicketThroughTheAlarmPath_WithTextAndStrippedPhotos_AndAReplayIsStoredOnce()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");
        var jpeg = TestImages.Jpeg(exif: true);

        using var created = await SubmitAsync(hub, token, "EQ-2", "fault", "主轴异响\r\nspindle noise since Monday", "key-0001-abcdef", ("photos", "IMG_1.JPG", jpeg), ("photos", "IMG_2.jpg", TestImages.Png()));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticketNo = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNo").GetString()!;
        using var desk = await RulesHub.SignInAsync(hub);
        var detail = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{ticketNo}");
        var ticket = detail.GetProperty("ticket");
        Assert.Equal("customer:fault", ticket.GetProperty("alarmCode").GetString());
        Assert.Equal("EQ-2", ticket.GetProperty("assetId").GetString());
        // A Major category for a Standard customer: P1, with the P1 response target, as an alarm's.
        Assert.Equal("P1", ticket.GetProperty("priority").GetString());
        Assert.Equal(ticket.GetProperty("openedAt").GetDateTimeOffset().AddHours(4), ticket.GetProperty("respondBy").GetDateTimeOffset());
        var reported = Assert.Single(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "reported-by-customer");
        Assert.Equal("customer:C002", reported.GetProperty("actor").GetString());
        Assert.Contains("主轴异响\nspindle noise since Monday", reported.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The same path's notifications: the customer and the desk are mailed.
        var mails = await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(60));
        Assert.Contains(mails, m => m.RcptTo.Contains("ops@acme.test"));
        Assert.Contains(mails, m => m.RcptTo.Contains("desk@hub.test") && m.Subject.StartsWith("[P1] " + ticketNo, StringComparison.Ordinal));

        // The desk sees the text and the photos, stripped of their GPS position and served with the sniffed type.
        var requests = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{ticketNo}/requests");
        var request = Assert.Single(requests.EnumerateArray());
        Assert.Equal("portal", request.GetProperty("channel").GetString());
        var photos = request.GetProperty("photos").EnumerateArray().ToList();
        Assert.Equal(["image/jpeg", "image/png"], photos.Select(p => p.GetProperty("contentType").GetString()));
        using var photo = await desk.GetAsync(photos[0].GetProperty("url").GetString());
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        var bytes = await photo.Content.ReadAsByteArrayAsync();
        Assert.Equal(TestImages.Jpeg(exif: false), bytes);
        Assert.True(bytes.AsSpan().IndexOf(TestImages.GpsMarker) < 0);

        // The customer sees their own ticket's photo; another customer gets the answer of a photo that does not exist.
        var photoPath = $"/api/portal/tickets/{ticketNo}/photos/{photos[0].GetProperty("id").GetString()}";
        using var own = await hub.Client.SendAsync(hub.Get(photoPath, token));
        using var foreign = await hub.Client.SendAsync(hub.Get(photoPath, await hub.IssueTokenAsync("C001")));
        using var unknown = await hub.Client.SendAsync(hub.Get($"/api/portal/tickets/{ticketNo}/photos/{new string('a', 64)}", token));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());

        // The form sent twice (a double click, a retry after a lost answer): the same ticket, nothing stored twice.
        using var replay = await SubmitAsync(hub, token, "EQ-2", "fault", "主轴异响\r\nspindle noise since Monday", "key-0001-abcdef", ("photos", "IMG_1.JPG", jpeg));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var again = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ticketNo, again.GetProperty("ticketNo").GetString());
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM service_requests"));
        Assert.Equal(2, await hub.CountAsync("SELECT count(*) FROM service_request_photos"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM ticket_history WHERE action = 'reported-by-customer'"));
    }

    [Fact]
    public async Task Report_AnotherCustomersMachine_SameAnswerAsAnUnknownOne_AndNothingStored()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        using var foreign = await SubmitAsync(hub, token, "EQ-2", "fault", "broken", "key-0002-abcdef", ("photos", "a.jpg", TestImages.Jpeg()));
        using var unknown = await SubmitAsync(hub, token, "EQ-404", "fault", "broken", "key-0003-abcdef", ("photos", "a.jpg", TestImages.Jpeg()));
        using var malformed = await SubmitAsync(hub, token, "EQ-2'--", "fault", "broken", "key-0004-abcdef");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var body = await foreign.Content.ReadAsStringAsync();
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), body);
        Assert.Equal(body, await malformed.Content.ReadAsStringAsync());
        Assert.DoesNotContain("C002", body, StringComparison.Ordinal);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM service_requests"));
        Assert.False(Directory.Exists(Path.Combine(hub.DataFolder, "photos")) && Directory.EnumerateFiles(Path.Combine(hub.DataFolder, "photos"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Report_HostileForms_EachRefusedWithWhatAndWhere_AndNothingStored()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:ServiceRequests:Photos:MaxBytes=4096");
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");
        var photo = ("photos", "a.jpg", TestImages.Jpeg());

        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "four photos", "key-1000-abcdef", photo, photo, photo, photo), HttpStatusCode.BadRequest, "at most 3 photos");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "bell \u0007 and \u001b[31m red", "key-1001-abcdef"), HttpStatusCode.BadRequest, "U+0007 at position 6");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "\u202Egnp.exe", "key-1002-abcdef"), HttpStatusCode.BadRequest, "U+202E");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", new string('x', 2001), "key-1003-abcdef"), HttpStatusCode.BadRequest, "at most 2000");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "sabotage", "text", "key-1004-abcdef"), HttpStatusCode.BadRequest, "category must be one of");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "short"), HttpStatusCode.BadRequest, "requestKey");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-1005-abcdef", ("photos", "x.jpg", "<html><script>alert(1)</script>"u8.ToArray())), HttpStatusCode.BadRequest, "photo_unsupported_type");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-1006-abcdef", ("photos", "big.png", TestImages.Png(extra: [("tEXt", new byte[8192])]))), HttpStatusCode.BadRequest, "larger than 4096 bytes");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-1007-abcdef", ("photos", "bomb.png", TestImages.Png(60_000, 60_000, inflatedRows: 1))), HttpStatusCode.BadRequest, "photo_too_many_pixels");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-1008-abcdef", csrf: false), HttpStatusCode.Forbidden, "X-Hub-Portal");

        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM service_requests"));
    }

    [Fact]
    public async Task Repair_FromChat_OpensTicketOnOwnMachine_OnceForARedeliveredMessage_NotOnAnotherCustomers()
    {
        await using var hub = await TestHub.StartAsync(testStore,
            $"--Hub:Chat:DingTalkAppSecret={Secret}", "--Hub:Chat:Users:0:UserId=staff-c001", "--Hub:Chat:Users:0:Customer=C001");
        await RulesHub.SeedCustomersAsync(hub);

        var first = await AskAsync(hub, "@服务助手 报修 EQ-1 主轴异响", "staff-c001", "msg-1");
        var redelivered = await AskAsync(hub, "@服务助手 报修 EQ-1 主轴异响", "staff-c001", "msg-1");
        var foreign = await AskAsync(hub, "报修 EQ-2 主轴异响", "staff-c001", "msg-2");
        var unknown = await AskAsync(hub, "报修 EQ-9 主轴异响", "staff-c001", "msg-3");
        var notLinked = await AskAsync(hub, "repair EQ-1 noise", "stranger", "msg-4");

        Assert.Contains("报修已受理", first, StringComparison.Ordinal);
        var ticketNo = System.Text.RegularExpressions.Regex.Match(first, @"T-\d{4}-\d{6}").Value;
        Assert.Contains(ticketNo, redelivered, StringComparison.Ordinal);
        Assert.Equal(unknown.Replace("EQ-9", "EQ-2", StringComparison.Ordinal), foreign);
        Assert.Contains("not linked to a customer", notLinked, StringComparison.Ordinal);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM service_requests"));
        // The chat's words pick the category: 异响 is noise (Warning), for a Gold customer P1.
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets WHERE alarm_code = 'customer:noise' AND priority = 'P1' AND customer_code = 'C001'"));
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
            var error = JsonDocument.Parse(body).RootElement;
            Assert.Contains(expected, $"{error.GetProperty("error").GetString()}: {error.GetProperty("message").GetString()}", StringComparison.Ordinal);
        }
    }

    internal static Task<HttpResponseMessage> SubmitAsync(
        TestHub hub, string token, string asset, string category, string text, string key, params (string Field, string Name, byte[] Bytes)[] files) =>
        SubmitAsync(hub, token, asset, category, text, key, true, files);

    internal static async Task<HttpResponseMessage> SubmitAsync(
        TestHub hub, string token, string asset, string category, string text, string key, bool csrf, params (string Field, string Name, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(category), "category" },
            { new StringContent(text), "text" },
            { new StringContent(key), "requestKey" },
        };
        foreach (var (field, name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            // What a browser claims is never believed: every file is sent as a JPEG.
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, field, name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/portal/equipment/{Uri.EscapeDataString(asset)}/requests") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (csrf)
        {
            request.Headers.Add(PortalSession.CsrfHeader, "1");
        }

        return await hub.Client.SendAsync(request);
    }

    private static Task<string> AskAsync(TestHub hub, string text, string staffId, string messageId) =>
        Chat.DingTalkChat.AskAsync(hub, Secret, text, staffId, messageId);
}
