using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The outbox behind <see cref="IOutboxStore"/> (issue 17 items 1 and 3), on SQLite and on PostgreSQL: a message
/// queued in a rules unit of work, listed, recorded and replayed as the dispatcher and the desk do; only a dead message
/// can be replayed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OnlyADeadMessage_IsReplayed_AndComesBackPendingWithNoAttempts(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var rules = db.Rules;
        var outbox = db.Outbox;
        await using (var unitOfWork = await rules.BeginAsync(CancellationToken.None))
        {
            Assert.True(await unitOfWork.EnqueueAsync(Message("m1"), CancellationToken.None));
            Assert.True(await unitOfWork.EnqueueAsync(Message("m2"), CancellationToken.None));
            // The same event key again: the unique key makes it a no-op.
            Assert.False(await unitOfWork.EnqueueAsync(Message("m3") with { EventKey = "ticket-opened/m1/desk/mail" }, CancellationToken.None));
            await unitOfWork.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(["m1", "m2"], (await outbox.ListAsync(OutboxStatus.Pending, T0, 10, CancellationToken.None)).Select(m => m.Id));
        Assert.True(await outbox.RecordAsync("m1", null, OutboxStatus.Dead, 3, T0, "550 mailbox unavailable", null, CancellationToken.None));
        Assert.True(await outbox.RecordAsync("m2", null, OutboxStatus.Sent, 1, T0, null, T0.AddSeconds(1), CancellationToken.None));

        Assert.False(await outbox.ReplayDeadAsync("m2", T0.AddMinutes(5), "replayed by an admin", CancellationToken.None));
        Assert.False(await outbox.ReplayDeadAsync("nobody", T0.AddMinutes(5), "replayed by an admin", CancellationToken.None));
        Assert.True(await outbox.ReplayDeadAsync("m1", T0.AddMinutes(5), "replayed by an admin", CancellationToken.None));

        var pending = Assert.Single(await outbox.ListAsync(OutboxStatus.Pending, null, 10, CancellationToken.None));
        Assert.Equal(("m1", 0, T0.AddMinutes(5), "replayed by an admin", (DateTimeOffset?)null), (pending.Id, pending.Attempts, pending.NextAttemptAt, pending.LastError, pending.SentAt));
        var sent = Assert.Single(await outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None));
        Assert.Equal(("m2", 1, T0.AddSeconds(1)), (sent.Id, sent.Attempts, sent.SentAt));
        var counts = await outbox.CountsAsync(CancellationToken.None);
        Assert.Equal([("Pending", 1L), ("Sent", 1L)], counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
    }

    private static OutboxMessage Message(string id) => new()
    {
        Id = id,
        EventKey = $"ticket-opened/{id}/desk/mail",
        Channel = "mail",
        Audience = Audiences.Customer,
        CustomerCode = "C-1",
        Subject = "Ticket opened",
        Body = "A ticket was opened.",
        Recipients = ["desk@example.com"],
        NextAttemptAt = T0,
        CreatedAt = T0,
    };
}
