using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Field;

/// <summary>
/// Review of session 24, item 4: two engineers who both see a queue accept the same queued ticket at the same moment.
/// One gets it; the other is told it is not theirs (404) or taken (409), and the ticket's assignee is the winner's,
/// with one "field-accepted" in its history; on both stores (PostgreSQL is where the race was).
/// </summary>
public abstract class FieldAcceptRaceTests(FieldHub hub)
{
    public sealed class OnSqlite(FieldHub.OnSqlite hub) : FieldAcceptRaceTests(hub), IClassFixture<FieldHub.OnSqlite>;

    public sealed class OnPostgreSql(FieldHub.OnPostgreSql hub) : FieldAcceptRaceTests(hub), IClassFixture<FieldHub.OnPostgreSql>;

    private const int Rounds = 12;

    [Fact]
    public async Task Accept_TwoEngineersAtOnce_OneGetsTheTicket_TheOtherIsRefused()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var ticketNo = await hub.NewTicketAsync(null, "service-desk", TimeSpan.FromHours(1));
            var url = $"/api/field/tickets/{ticketNo}/accept";
            using var barrier = new Barrier(2);
            var zhang = Task.Run(async () => { barrier.SignalAndWait(); return await hub.Zhang.PostAsJsonAsync(url, new { }); });
            var wang = Task.Run(async () => { barrier.SignalAndWait(); return await hub.Wang.PostAsJsonAsync(url, new { }); });
            using var zhangAnswer = await zhang;
            using var wangAnswer = await wang;

            var statuses = new[] { zhangAnswer.StatusCode, wangAnswer.StatusCode };
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1, $"round {round}, {ticketNo}: zhang {zhangAnswer.StatusCode}, wang {wangAnswer.StatusCode}");
            Assert.Contains(statuses, s => s is HttpStatusCode.NotFound or HttpStatusCode.Conflict);
            var winner = zhangAnswer.StatusCode == HttpStatusCode.OK ? "zhang.wei" : "wang.fang";
            await using var tx = await hub.Hub.Services.GetRequiredService<IRulesStore>().BeginAsync(CancellationToken.None);
            var ticket = await tx.TicketAsync(ticketNo, CancellationToken.None);
            Assert.Equal((winner, TicketStatus.Acknowledged), (ticket!.Assignee, ticket.Status));
            Assert.Single(await tx.HistoryAsync(ticketNo, CancellationToken.None), h => h.Action == "field-accepted");
        }
    }

    [Fact]
    public async Task LockTicket_SecondUnitOfWorkReadsTheFirstOnesCommit_NotTheTicketBeforeIt()
    {
        var ticketNo = await hub.NewTicketAsync(null, "service-desk", TimeSpan.FromHours(1));
        var rules = hub.Hub.Services.GetRequiredService<IRulesStore>();
        await using var first = await rules.BeginAsync(CancellationToken.None);
        await first.LockTicketAsync(ticketNo, CancellationToken.None);
        var taken = (await first.TicketAsync(ticketNo, CancellationToken.None))! with { Assignee = "zhang.wei", Queue = null };
        await first.SaveTicketAsync(taken, DateTimeOffset.UtcNow, CancellationToken.None);

        // SQLite: the second unit of work waits at its start for the writer lock; PostgreSQL: at the row lock.
        var second = Task.Run(async () =>
        {
            await using var tx = await rules.BeginAsync(CancellationToken.None);
            await tx.LockTicketAsync(ticketNo, CancellationToken.None);
            return (await tx.TicketAsync(ticketNo, CancellationToken.None))!.Assignee;
        });
        if (hub.Hub.Store == TestStore.PostgreSql)
        {
            await WaitFor.ConditionAsync(async () => await hub.Hub.CountAsync(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM tickets WHERE ticket_no = $1 FOR UPDATE%'") == 1,
                "the second unit of work to wait for the ticket's row lock");
        }

        await first.CommitAsync(CancellationToken.None);
        Assert.Equal("zhang.wei", await second);
    }
}
