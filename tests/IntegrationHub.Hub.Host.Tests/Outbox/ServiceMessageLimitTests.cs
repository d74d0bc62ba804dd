using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Tests.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// Service messages and the per-customer limit: a survey invitation, a maintenance notice or an order milestone the
/// customer chose neither counts against Hub:Notifications:CustomerLimit nor is stopped by it, unless the site sets
/// Hub:Notifications:CountServiceMessages; alarm notices stay limited. On SQLite and PostgreSQL, a real SMTP server
/// counting what arrived.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServiceMessageLimitTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_SurveyFirstThenFourAlarmsThenMaintenance_ServiceMessagesGoOutAndThreeAlarmsToo(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        using var node = OutboxNode.Create("node-a", db.Outbox, smtp.Port, TimeProvider.System, n => n with { CustomerLimit = 3 });
        // The survey comes first: if it counted, only two of the alarms would go out.
        await OutboxNode.EnqueueAsync(db.Rules,
        [
            Service(NotificationEvents.SurveyInvitation, "s-1", Due),
            .. Enumerable.Range(1, 4).Select(i => OutboxNode.Message($"alarm-{i}", Due.AddSeconds(i), Audiences.Customer, "C-1")),
            Service(NotificationEvents.MaintenanceDue, "m-1", Due.AddSeconds(10)),
            Service(NotificationEvents.OrderShipped, "o-1", Due.AddSeconds(11)),
        ]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard only

        await node.DrainAsync(db.Outbox, guard.Token);

        var suppressed = Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Suppressed, null, 20, CancellationToken.None));
        Assert.Equal("alarm-4", suppressed.Id);
        Assert.StartsWith("customer C-1 was already sent 3 messages", suppressed.LastError, StringComparison.Ordinal);
        var received = smtp.Messages().Select(m => m.Subject).ToList();
        Assert.Equal(6, received.Count);
        Assert.Contains(received, s => s == "message s-1");
        Assert.Contains(received, s => s == "message m-1");
        Assert.Contains(received, s => s == "message o-1");
        Assert.Empty(node.Logs.Errors);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_CountServiceMessagesSet_TheSurveyAfterThreeAlarmsIsSuppressed(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        using var node = OutboxNode.Create("node-a", db.Outbox, smtp.Port, TimeProvider.System, n => n with { CustomerLimit = 3, CountServiceMessages = true });
        await OutboxNode.EnqueueAsync(db.Rules,
        [
            .. Enumerable.Range(1, 3).Select(i => OutboxNode.Message($"alarm-{i}", Due.AddSeconds(i), Audiences.Customer, "C-1")),
            Service(NotificationEvents.SurveyInvitation, "s-1", Due.AddSeconds(10)),
        ]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard only

        await node.DrainAsync(db.Outbox, guard.Token);

        var suppressed = Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Suppressed, null, 20, CancellationToken.None));
        Assert.Equal("s-1", suppressed.Id);
        Assert.Equal(3, smtp.Messages().Count);
    }

    [Theory]
    [InlineData("survey-invitation/T-1/customer/mail", "survey-invitation")]
    [InlineData("ticket-opened/T-1/customer/mail", "ticket-opened")]
    [InlineData("no-slash-at-all", "no-slash-at-all")]
    [InlineData("", "")]
    public void EventName_OfAnEventKey_IsItsFirstPart(string eventKey, string expected) =>
        Assert.Equal(expected, ServiceMessages.EventName(eventKey));

    private static OutboxMessage Service(string eventName, string id, DateTimeOffset at) =>
        OutboxNode.Message(id, at, Audiences.Customer, "C-1") with { EventKey = $"{eventName}/{id}/customer/mail" };
}
