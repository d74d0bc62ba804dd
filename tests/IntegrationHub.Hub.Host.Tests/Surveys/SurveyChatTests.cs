using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Chat;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>
/// The survey in chat (issue 24 item 5), on SQLite and on PostgreSQL: a customer whose notifications go to their chat
/// robot gets the invitation there (a real HTTP receiver), with how to answer in the chat; the answer "评价 T-… 5 9 …"
/// from a linked chat user is stored once with the ticket, under the link's own rules: out-of-range and wrong-typed
/// fields and control characters are named and store nothing, another customer's ticket gets the unknown ticket's
/// reply, a second answer too, and an answer in chat uses up the mailed link. A low score opens the follow-up.
/// </summary>
public abstract class SurveyChatTests(TestStore testStore)
{
    public sealed class OnSqlite() : SurveyChatTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SurveyChatTests(TestStore.PostgreSql);

    private const string Secret = "SEC-robot-secret";
    private const string ChatTicket = "T-2026-000801";
    private const string MailTicket = "T-2026-000802";

    [Fact]
    public async Task ChatCustomer_InvitedInChat_AnswersInChatOnce_FieldsChecked_OtherCustomersTicketUnknown()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var robot = await FlakyReceiver.StartAsync(failures: 0);
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp,
            "--Hub:Portal:Survey:PublicAddress=https://service.hub.test",
            "--Hub:Notifications:Channels:robot-c003:Kind=webhook",
            $"--Hub:Notifications:Channels:robot-c003:Url={robot.Url}",
            $"--Hub:Chat:DingTalkAppSecret={Secret}",
            "--Hub:Chat:Users:0:UserId=staff-c003", "--Hub:Chat:Users:0:Customer=C003",
            "--Hub:Chat:Users:1:UserId=staff-c002", "--Hub:Chat:Users:1:Customer=C002"));
        await SeedAsync(hub);
        using var agent = await RulesHub.SignInAsync(hub, "li.agent", "agent");
        foreach (var ticketNo in new[] { ChatTicket, MailTicket })
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{ticketNo}/resolve", new { note = "bearing replaced" })).StatusCode);
        }

        // C003 has a chat robot and no e-mail: the invitation goes to the robot, with the chat answer's syntax.
        await WaitFor.ConditionAsync(() => !robot.Accepted.IsEmpty, "the survey invitation posted to C003's robot: " + hub.Logs);
        var posted = JsonDocument.Parse(Assert.Single(robot.Accepted)).RootElement.GetProperty("body").GetString()!;
        Assert.Contains($"评价 {ChatTicket} 满意度(1-5) 推荐度(0-10) 留言", posted, StringComparison.Ordinal);
        Assert.Contains("https://service.hub.test/portal/survey.html#", posted, StringComparison.Ordinal);
        await WaitFor.ConditionAsync(() => Task.FromResult(smtp.Messages().Any(IsSurvey)), "the survey mailed to C002: " + hub.Logs);
        var mail = Assert.Single(smtp.Messages(), IsSurvey);
        Assert.DoesNotContain("rate T-", mail.Body, StringComparison.Ordinal);
        var mailedToken = System.Text.RegularExpressions.Regex.Match(mail.Body, @"survey\.html#([A-Za-z0-9_-]+)").Groups[1].Value;

        // Bad fields: named, nothing stored, the survey still open.
        var outOfRange = await AskAsync(hub, $"评价 {ChatTicket} 7 9 很及时", "staff-c003");
        Assert.Contains("满意度须为 1 到 5 的整数，收到「7」", outOfRange, StringComparison.Ordinal);
        var wrongTypes = await AskAsync(hub, $"rate {ChatTicket} five 11", "staff-c003");
        Assert.Contains("the rating must be a whole number from 1 to 5 (found 'five')", wrongTypes, StringComparison.Ordinal);
        Assert.Contains("the score must be a whole number from 0 to 10 (found '11')", wrongTypes, StringComparison.Ordinal);
        var control = await AskAsync(hub, $"rate {ChatTicket} 5 9 ok\u0007bell", "staff-c003");
        Assert.Contains("the comment has a control character (U+0007) at position 3", control, StringComparison.Ordinal);
        var huge = await AskAsync(hub, $"rate {ChatTicket} 5 9 {new string('x', 2001)}", "staff-c003");
        Assert.Contains("the comment is 2001 characters; the limit is 2000", huge, StringComparison.Ordinal);
        Assert.Contains("Send **rate <ticket>", await AskAsync(hub, $"rate {ChatTicket} 5", "staff-c003"), StringComparison.Ordinal);
        Assert.Contains("not linked to a customer", await AskAsync(hub, $"rate {ChatTicket} 5 9", "stranger"), StringComparison.Ordinal);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM survey_invitations WHERE answered_at IS NOT NULL"));

        // Another customer's ticket, and one that does not exist: one reply, the same apart from the number.
        var foreign = await AskAsync(hub, $"评价 {MailTicket} 5 9", "staff-c003");
        var unknown = await AskAsync(hub, "评价 T-2026-999999 5 9", "staff-c003");
        Assert.Equal(unknown.Replace("T-2026-999999", MailTicket, StringComparison.Ordinal), foreign);
        Assert.Contains("没有找到可评价的工单", foreign, StringComparison.Ordinal);

        // The answer: stored with the ticket, once; a second answer gets the unknown reply.
        var thanks = await AskAsync(hub, $"@服务助手 评价 {ChatTicket} 5 9 很及时\n谢谢", "staff-c003");
        Assert.Contains($"谢谢您的评价！工单 {ChatTicket}：满意度 5/5，推荐度 9/10。", thanks, StringComparison.Ordinal);
        var again = await AskAsync(hub, $"评价 {ChatTicket} 1 0 改主意了", "staff-c003");
        Assert.Equal(unknown.Replace("T-2026-999999", ChatTicket, StringComparison.Ordinal), again);
        Assert.Equal(1, await hub.CountAsync($"SELECT count(*) FROM survey_invitations WHERE ticket_no = '{ChatTicket}' AND answered_at IS NOT NULL"));
        var history = await agent.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{ChatTicket}");
        var entry = Assert.Single(history.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "survey-answered");
        Assert.Equal("The customer rated the service 5/5 and would recommend us 9/10 (answered in chat). Comment: 很及时\n谢谢", entry.GetProperty("detail").GetString());
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM tickets WHERE alarm_code LIKE 'survey:%'"));

        // C002 was mailed a link, and answers in chat instead: a low score opens the follow-up, and the link is used up.
        Assert.Contains($"Thank you! Ticket {MailTicket}: rating 2/5, recommendation 3/10.", await AskAsync(hub, $"rate {MailTicket} 2 3 slow", "staff-c002"), StringComparison.Ordinal);
        Assert.Equal(1, await hub.CountAsync($"SELECT count(*) FROM tickets WHERE alarm_code = 'survey:{MailTicket}'"));
        using var link = await hub.Client.PostAsJsonAsync("/api/portal/survey/answer", new { token = mailedToken, rating = 5, score = 10 });
        Assert.Equal(HttpStatusCode.NotFound, link.StatusCode);

        Assert.Equal(2, hub.Logs.Entries.Count(e => e.EventId == 2346));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2347);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2348);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2349);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.Message.Contains("很及时", StringComparison.Ordinal));
    }

    private static bool IsSurvey(ReceivedMail mail) => mail.Subject.StartsWith("How did we do?", StringComparison.Ordinal);

    private static Task<string> AskAsync(TestHub hub, string text, string staffId) => DingTalkChat.AskAsync(hub, Secret, text, staffId);

    private static async Task SeedAsync(TestHub hub)
    {
        await RulesHub.SeedCustomersAsync(hub);
        var stamp = new SourceStamp("erp", DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
        [
            new CanonicalChange(new Customer { Code = "C003", Name = "聊天客户有限公司", Tier = CustomerTier.Standard, Region = "华东", Language = "zh-CN", ChatRobot = "robot-c003" }, stamp),
            new CanonicalChange(new InstalledEquipment { AssetId = "EQ-3", CustomerCode = "C003" }, stamp),
        ], [], CancellationToken.None);
        var rules = hub.Services.GetRequiredService<IRulesStore>();
        await using var tx = await rules.BeginAsync(CancellationToken.None);
        foreach (var (ticketNo, asset, customer) in new[] { (ChatTicket, "EQ-3", "C003"), (MailTicket, "EQ-2", "C002") })
        {
            await tx.SaveTicketAsync(new ServiceTicket
            {
                TicketNo = ticketNo, AssetId = asset, CustomerCode = customer, AlarmCode = "OVERHEAT",
                Priority = TicketPriority.P2, Status = TicketStatus.Open, OpenedAt = DateTimeOffset.UtcNow,
            }, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        await tx.CommitAsync(CancellationToken.None);
    }
}
