using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// Issue 18's fault test "PostgreSQL primary killed under the same load ... every notification sent once": a message the
/// SMTP server accepted while the store failed to take its outcome stayed claimed and went out again once the claim
/// lapsed. The dispatcher now retries that record while the failure is transient and its claim holds. The gap no client
/// can close (the server kept a message whose reply never came) sends it again, but with one Message-ID.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxRecordRetryTests(PostgresFixture postgres)
{
    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_StoreBreaksWhileRecordingADeliveredMessage_RecordedSentOnRetry_DeliveredOnce(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        var flaky = new FailingRecordOutboxStore(db.Outbox, kind == StoreUnderTest.PostgreSql
            ? new NpgsqlException("Exception while reading from stream", new EndOfStreamException())
            : new SqliteException("database is locked", 5));
        using var node = OutboxNode.Create("node-a", flaky, smtp.Port, TimeProvider.System);
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        await OutboxNode.EnqueueAsync(db.Rules, [OutboxNode.Message("m1", due)]);

        // Before the change this threw the store's exception, leaving m1 claimed but not recorded sent.
        Assert.Equal(1, await node.Dispatcher.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, flaky.Failed);
        var sent = Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None));
        Assert.Equal(("m1", 1, (string?)null), (sent.Id, sent.Attempts, sent.ClaimedBy));
        Assert.Equal([("Sent", 1L)], (await db.Outbox.CountsAsync(CancellationToken.None)).Select(c => (c.Key, c.Value)));
        Assert.Equal("message m1", Assert.Single(smtp.Messages()).Subject);
        Assert.Equal(1, node.Count("sent"));
        Assert.Contains(node.Logs.Entries, e => e.EventId == 1730 && e.Message.Contains("m1", StringComparison.Ordinal));
        Assert.Empty(node.Logs.Errors);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_ServerKeptTheFirstAttemptWithoutReplying_BothCopiesCarryTheOutboxMessagesId(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false, dropAfterData: 1);
        using var node = OutboxNode.Create("node-a", db.Outbox, smtp.Port, TimeProvider.System);
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        var id = Guid.NewGuid().ToString("N");
        await OutboxNode.EnqueueAsync(db.Rules, [OutboxNode.Message(id, due), OutboxNode.Message(Guid.NewGuid().ToString("N"), due)]);

        // Issue 18 item 3, the at-least-once window: every copy carries the Message-ID made from the outbox message's id,
        // so the receiving mail system can drop the repeat (before, each attempt made a new one). The first attempt of
        // whichever goes first is kept by the server and its reply lost; the quick retry sends it again.
        Assert.Equal(2, await node.Dispatcher.RunOnceAsync(CancellationToken.None));

        var mails = smtp.Messages();
        Assert.Equal(3, mails.Count);
        Assert.Equal(2, (await db.Outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None)).Count);
        var copies = mails.GroupBy(m => m.Subject).ToDictionary(g => g.Key, g => g.Select(m => m.MessageId).ToList());
        Assert.Equal(2, copies.Count);
        // One Message-ID per message, however many copies; the one of the message named above is made from its id.
        Assert.All(copies.Values, ids => Assert.Single(ids.Distinct()));
        Assert.Equal($"<outbox.{id}@hub.test>", copies[$"message {id}"][0]);
        Assert.Equal(2, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Empty(node.Logs.Errors);
    }
}
