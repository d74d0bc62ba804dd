using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Hub.Host.Surveys;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>
/// The satisfaction survey in a real hub (issue 24 item 5), on SQLite and on PostgreSQL: a resolve mails one survey
/// link through the outbox to a real SMTP server; the link is answered once, stored with the ticket; a replayed, forged,
/// spliced, truncated, huge or expired link gets the one answer of an unknown link; a low score opens a follow-up in
/// the supervisors' queue; the desk's report counts it.
/// </summary>
public abstract partial class SurveyTests(TestStore testStore)
{
    public sealed class OnSqlite() : SurveyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SurveyTests(TestStore.PostgreSql);

    private const string OverheatRule = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, raiseAfter: "00:00:30", code: OVERHEAT, severity: major, text: { en: spindle overheating, zh-CN: 主轴温度过高 } }
        """;

    private const string PublicAddress = "https://service.hub.test";

    // Recent, so that no SLA target has passed (which would escalate the ticket and send one more mail).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [GeneratedRegex(@"https://service\.hub\.test/portal/survey\.html#([A-Za-z0-9_-]+)")]
    private static partial Regex SurveyLink();

    [Fact]
    public async Task AResolvedTicket_MailsOneSurvey_AnsweredOnceWithTheTicket_AndEveryOtherLinkGetsTheUnknownAnswer()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await StartAsync(smtp);
        using var agent = await RulesHub.SignInAsync(hub, "li.agent", "agent");
        var no = await TicketOfAsync(agent, "EQ-2");

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/resolve", new { note = "bearing replaced" })).StatusCode);
        var mail = await SurveyMailAsync(smtp, "ops@acme.test");
        Assert.Equal($"How did we do? Ticket {no} for your machine EQ-2", mail.Subject);
        var token = SurveyLink().Match(mail.Body).Groups[1].Value;
        // The admins' outbox listing shows the invitation without the customer's one-time link (review of session 24, item 6).
        using (var admin = await RulesHub.SignInAsync(hub, "root", "admin"))
        {
            // The mail may be in before the row is marked sent.
            string? outboxBody = null;
            await WaitFor.ConditionAsync(async () => (outboxBody = (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Sent")).GetProperty("items").EnumerateArray()
                .Where(m => m.GetProperty("eventKey").GetString()!.StartsWith("survey-invitation/", StringComparison.Ordinal))
                .Select(m => m.GetProperty("body").GetString()).SingleOrDefault()) is not null, "the survey invitation to be listed as sent");
            Assert.DoesNotContain(token, outboxBody!, StringComparison.Ordinal);
            Assert.Contains(SurveyLinkRedaction.Withheld, outboxBody!, StringComparison.Ordinal);
        }

        // One invitation per ticket: a second resolve is refused, and nothing more is queued.
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/resolve", new { note = "again" })).StatusCode);
        Assert.Equal(1, await hub.CountAsync("SELECT COUNT(*) FROM outbox WHERE event_key LIKE 'survey-invitation/%'"));
        Assert.Equal(1, await hub.CountAsync("SELECT COUNT(*) FROM survey_invitations"));

        var opened = await PostAsync(hub, "open", new { token });
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Equal(no, opened.Body.GetProperty("ticketNo").GetString());
        Assert.Equal("EQ-2", opened.Body.GetProperty("assetId").GetString());
        Assert.Equal("en", opened.Body.GetProperty("language").GetString());

        // What an unknown link gets, byte for byte.
        var unknown = await RawPostAsync(hub, "answer", new { token = new SurveyLinks(new EphemeralDataProtectionProvider()).Issue(no).Token, rating = 5, score = 10 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        foreach (var (what, forged) in Forgeries(hub, token, no))
        {
            var answer = await RawPostAsync(hub, "answer", new { token = forged, rating = 5, score = 10 });
            Assert.True(unknown == answer, $"{what}: {answer}");
            Assert.True(unknown == await RawPostAsync(hub, "open", new { token = forged }), what);
        }

        // Bad answers are refused before the link is used: each names its field, and the link still works after.
        foreach (var (body, expected) in new (object Body, string Expected)[]
        {
            (new { token, rating = 0, score = 5 }, "rating is 0;"),
            (new { token, rating = 6, score = 5 }, "rating is 6;"),
            (new { token, rating = 3, score = -1 }, "score is -1;"),
            (new { token, rating = 3, score = 11 }, "score is 11;"),
            (new { token, rating = "five", score = 5 }, "rating must be a whole number from 1 to 5 (found a string)"),
            (new { token, rating = 5, score = 9, comment = new string('x', 100 * 1024) }, $"comment is {100 * 1024} characters; the limit is 2000."),
            (new { token, rating = 5, score = 9, comment = "ok\u0007bell" }, "comment has a control character (U+0007) at position 3"),
        })
        {
            var refused = await PostAsync(hub, "answer", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains(expected, refused.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var huge = await hub.Client.PostAsync("/api/portal/survey/answer", new StringContent(
            JsonSerializer.Serialize(new { token, rating = 5, score = 9, comment = new string('x', 1024 * 1024) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("larger than 256 KB", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await hub.CountAsync("SELECT COUNT(*) FROM survey_invitations WHERE answered_at IS NOT NULL"));

        const string html = "<img src=x onerror=alert(1)> & <b>late</b>";
        var answered = await PostAsync(hub, "answer", new { token, rating = 2, score = 3, comment = html });
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        // Stored with the ticket: in its history, which the desk shows.
        var detail = await agent.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{no}");
        var entry = Assert.Single(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "survey-answered");
        Assert.Equal($"The customer rated the service 2/5 and would recommend us 3/10. Comment: {html}", entry.GetProperty("detail").GetString());

        // Replayed: the one answer of an unknown link, and nothing changed.
        Assert.True(unknown == await RawPostAsync(hub, "answer", new { token, rating = 5, score = 10 }), "replayed answer");
        Assert.True(unknown == await RawPostAsync(hub, "open", new { token }), "replayed open");
        Assert.Equal(1, await hub.CountAsync("SELECT COUNT(*) FROM survey_invitations WHERE rating = 2 AND score = 3"));

        // The low score opened one follow-up for the supervisors, on the desk's queue.
        var followUp = await TicketOfCodeAsync(agent, "survey:" + no);
        Assert.Equal("supervisors", followUp.GetProperty("queue").GetString());
        Assert.Equal("C002", followUp.GetProperty("customerCode").GetString());
        Assert.Equal("EQ-2", followUp.GetProperty("assetId").GetString());
        // Resolving the follow-up asks the customer nothing more.
        var followUpNo = followUp.GetProperty("ticketNo").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{followUpNo}/resolve", new { note = "called back" })).StatusCode);
        Assert.Equal(1, await hub.CountAsync("SELECT COUNT(*) FROM survey_invitations"));

        // The desk's report: supervisors only; the comment comes back as text for the page to show as text.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/desk/surveys")).StatusCode);
        using var supervisor = await RulesHub.SignInAsync(hub, "wang.sup", "supervisor");
        var page = await supervisor.GetFromJsonAsync<JsonElement>("/api/desk/surveys");
        var total = page.GetProperty("report").GetProperty("total");
        Assert.Equal(1, total.GetProperty("answers").GetInt32());
        Assert.Equal(0, total.GetProperty("csat").GetDouble());
        Assert.Equal(-100, total.GetProperty("nps").GetDouble());
        Assert.Equal(12, page.GetProperty("report").GetProperty("byMonth").GetArrayLength());
        Assert.Equal("OVERHEAT", page.GetProperty("report").GetProperty("byCategory")[0].GetProperty("key").GetString());
        var listed = Assert.Single(page.GetProperty("answers").EnumerateArray());
        Assert.Equal(html, listed.GetProperty("comment").GetString());
        Assert.True(listed.GetProperty("low").GetBoolean());
        Assert.Equal(followUpNo, listed.GetProperty("followUpTicketNo").GetString());
        var badRange = await supervisor.GetAsync("/api/desk/surveys?from=2026-13&to=x");
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        Assert.Contains("from must be a month as yyyy-MM (found 2026-13)", await badRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredLink_GetsTheUnknownAnswer_AndAGoodScoreOpensNoFollowUp()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await StartAsync(smtp);
        using var agent = await RulesHub.SignInAsync(hub, "li.agent", "agent");
        await RulesHub.ReadingsAsync(hub, "EQ-1", "temperature", (T0, 95), (T0.AddSeconds(31), 97));
        var first = await TicketOfAsync(agent, "EQ-1");
        var second = await TicketOfAsync(agent, "EQ-2");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{first}/resolve", new { note = "done" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{second}/resolve", new { note = "done" })).StatusCode);
        // C001 reads Chinese: its survey is in Chinese.
        var chinese = await SurveyMailAsync(smtp, "buyer@szjg.test");
        Assert.StartsWith("服务评价：设备 EQ-1", chinese.Subject, StringComparison.Ordinal);
        var expired = SurveyLink().Match(chinese.Body).Groups[1].Value;
        var good = SurveyLink().Match((await SurveyMailAsync(smtp, "ops@acme.test")).Body).Groups[1].Value;

        await hub.CountAsync($"UPDATE survey_invitations SET expires_at = expires_at - {(long)TimeSpan.FromDays(31).TotalMicroseconds} WHERE ticket_no = '{first}'");
        var unknown = await RawPostAsync(hub, "answer", new { token = "not-a-token", rating = 5, score = 10 });
        Assert.True(unknown == await RawPostAsync(hub, "answer", new { token = expired, rating = 5, score = 10 }), "expired answer");
        Assert.True(unknown == await RawPostAsync(hub, "open", new { token = expired }), "expired open");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(hub, "answer", new { token = good, rating = 4, score = 9 })).Status);
        Assert.Equal(0, await hub.CountAsync("SELECT COUNT(*) FROM tickets WHERE alarm_code LIKE 'survey:%'"));
        Assert.Equal(1, await hub.CountAsync("SELECT COUNT(*) FROM survey_invitations WHERE answered_at IS NOT NULL"));
    }

    private async Task<TestHub> StartAsync(SmtpTestServer smtp)
    {
        var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp, $"--Hub:Portal:Survey:PublicAddress={PublicAddress}"));
        await RulesHub.SeedCustomersAsync(hub);
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(31), 97));
        return hub;
    }

    /// <summary>The token's tampered forms, and one sealed with this hub's own keys for another ticket with this link's random id.</summary>
    private static IEnumerable<(string What, string Token)> Forgeries(TestHub hub, string token, string ticketNo)
    {
        var protector = hub.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(SurveyLinks.Purpose);
        var payload = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        var otherTicket = payload[..16].Concat(Encoding.UTF8.GetBytes(ticketNo[..^1] + (ticketNo[^1] == '9' ? '8' : '9'))).ToArray();
        yield return ("this link's id sealed for another ticket", WebEncoders.Base64UrlEncode(protector.Protect(otherTicket)));
        yield return ("a new id sealed for this ticket", new SurveyLinks(hub.Services.GetRequiredService<IDataProtectionProvider>()).Issue(ticketNo).Token);
        yield return ("a flipped character", token[..30] + (token[30] == 'A' ? 'B' : 'A') + token[31..]);
        yield return ("truncated", token[..^6]);
        yield return ("huge", string.Concat(Enumerable.Repeat(token, 200)));
        yield return ("control characters", token[..10] + "\u0000\r\n" + token[10..]);
        yield return ("a trailing line break", token + "\r\n");
        yield return ("empty", string.Empty);
    }

    private static async Task<ReceivedMail> SurveyMailAsync(SmtpTestServer smtp, string to)
    {
        ReceivedMail? mail = null;
        await RulesHub.WaitForAsync(() =>
        {
            mail = smtp.Messages().SingleOrDefault(m => m.RcptTo.Contains(to) && SurveyLink().IsMatch(m.Body));
            return Task.FromResult(mail is not null);
        }, $"the survey mail to {to}");
        return mail!;
    }

    private static async Task<string> TicketOfAsync(HttpClient desk, string asset)
    {
        JsonElement[] items = [];
        await RulesHub.WaitForAsync(async () =>
        {
            items = [.. (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("ticket").GetProperty("assetId").GetString() == asset && i.GetProperty("ticket").GetProperty("alarmCode").GetString() == "OVERHEAT")];
            return items.Length > 0;
        }, $"a ticket for {asset}");
        return Assert.Single(items).GetProperty("ticket").GetProperty("ticketNo").GetString()!;
    }

    private static async Task<JsonElement> TicketOfCodeAsync(HttpClient desk, string code)
    {
        var items = (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("ticket").GetProperty("alarmCode").GetString() == code).ToList();
        return Assert.Single(items).GetProperty("ticket");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(TestHub hub, string step, object body)
    {
        var response = await hub.Client.PostAsJsonAsync($"/api/portal/survey/{step}", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<Answer> RawPostAsync(TestHub hub, string step, object body)
    {
        var response = await hub.Client.PostAsJsonAsync($"/api/portal/survey/{step}", body);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string Body);
}
