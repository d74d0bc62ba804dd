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
/// lapsed. The dispatcher now retries that record while the failure is transient and its claim holds.
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
}
