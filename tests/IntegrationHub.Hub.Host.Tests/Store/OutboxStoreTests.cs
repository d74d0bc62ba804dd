using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The outbox behind <see cref="IOutboxStore"/> (issue 17 item 1): a message queued in a rules unit of work, listed,
/// recorded and replayed as the dispatcher and the desk do; only a dead message can be replayed.
/// </summary>
public sealed class OutboxStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-outbox-store-" + Guid.NewGuid().ToString("N"));
    private SqliteConnectionFactory _connections = null!;

    public async Task InitializeAsync()
    {
        _connections = new SqliteConnectionFactory(Path.Combine(_folder, "hub.db"));
        await using var store = new SqliteHubStore(_connections, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task OnlyADeadMessage_IsReplayed_AndComesBackPendingWithNoAttempts()
    {
        IRulesStore rules = new SqliteRulesStore(_connections);
        IOutboxStore outbox = new SqliteOutboxStore(_connections);
        await using (var unitOfWork = await rules.BeginAsync(CancellationToken.None))
        {
            Assert.True(await unitOfWork.EnqueueAsync(Message("m1"), CancellationToken.None));
            Assert.True(await unitOfWork.EnqueueAsync(Message("m2"), CancellationToken.None));
            // The same event key again: the unique key makes it a no-op.
            Assert.False(await unitOfWork.EnqueueAsync(Message("m3") with { EventKey = "ticket-opened/m1/desk/mail" }, CancellationToken.None));
            await unitOfWork.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(["m1", "m2"], (await outbox.ListAsync(OutboxStatus.Pending, T0, 10, CancellationToken.None)).Select(m => m.Id));
        await outbox.RecordAsync("m1", OutboxStatus.Dead, 3, T0, "550 mailbox unavailable", null, CancellationToken.None);
        await outbox.RecordAsync("m2", OutboxStatus.Sent, 1, T0, null, T0.AddSeconds(1), CancellationToken.None);

        Assert.False(await outbox.ReplayDeadAsync("m2", T0.AddMinutes(5), "replayed by an admin", CancellationToken.None));
        Assert.False(await outbox.ReplayDeadAsync("nobody", T0.AddMinutes(5), "replayed by an admin", CancellationToken.None));
        Assert.True(await outbox.ReplayDeadAsync("m1", T0.AddMinutes(5), "replayed by an admin", CancellationToken.None));

        var pending = Assert.Single(await outbox.ListAsync(OutboxStatus.Pending, null, 10, CancellationToken.None));
        Assert.Equal(("m1", 0, T0.AddMinutes(5), "replayed by an admin", (DateTimeOffset?)null), (pending.Id, pending.Attempts, pending.NextAttemptAt, pending.LastError, pending.SentAt));
        var sent = Assert.Single(await outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None));
        Assert.Equal(("m2", 1, T0.AddSeconds(1)), (sent.Id, sent.Attempts, sent.SentAt));
        var counts = await outbox.CountsAsync(CancellationToken.None);
        Assert.Equal([("Pending", 1L), ("Sent", 1L)], counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        Assert.Equal(1, await outbox.SentToCustomerSinceAsync("C-1", T0, CancellationToken.None));
        Assert.Equal(0, await outbox.SentToCustomerSinceAsync("C-1", T0.AddSeconds(2), CancellationToken.None));
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
