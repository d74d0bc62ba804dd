using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Tests.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// Issue 18 item 3, the at-least-once window: the SMTP server kept a message but the hub never heard its reply, so the
/// message goes out again. Every copy carries the Message-ID made from the outbox message's id, so the receiving mail
/// system can drop the repeat; before, each attempt made a new one.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxMessageIdTests(PostgresFixture postgres)
{
    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

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

        // The first attempt of whichever goes first is kept by the server and its reply lost; the quick retry sends it again.
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
