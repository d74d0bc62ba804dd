using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using static IntegrationHub.Crm.Core.Tests.Tickets.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

public class TicketPlannerTests
{
    private static readonly Customer Gold = new() { Code = "C-0042", Name = "Acme", Tier = CustomerTier.Gold, Region = "East" };

    private static readonly Engineer[] Roster =
    [
        new() { Id = "E-1", Region = "East", OpenTickets = 3 },
        new() { Id = "E-2", Region = "East", OpenTickets = 1 },
    ];

    private static AlarmTransition Raised(string code = "TEMP-HIGH") => new()
    {
        Kind = AlarmTransitionKind.Raised,
        RuleId = "hot",
        AssetId = "M-1",
        Metric = "temperature",
        Code = code,
        Severity = AlarmSeverity.Major,
        At = T0,
        Reason = "temperature = 95 is above the limit 90",
    };

    [Fact]
    public void OnRaised_NoOpenTicket_NewTicketWithPrioritySlaAndAssignee()
    {
        var plan = TicketPlanner.OnRaised(Raised(), Gold, [], Roster, "T-9");

        Assert.True(plan.IsNew);
        Assert.Equal(("T-9", "C-0042", TicketPriority.P0, "E-2"), (plan.Ticket.TicketNo, plan.Ticket.CustomerCode, plan.Ticket.Priority, plan.Ticket.Assignee));
        Assert.Equal((T0.AddHours(2), T0.AddHours(24)), (plan.Ticket.RespondBy, plan.Ticket.ResolveBy));
        Assert.Equal(5, plan.History.Count);
        Assert.Equal("Priority P0: Major alarm for a Gold customer.", plan.History[2]);
    }

    [Fact]
    public void OnRaised_RepeatWhileOpen_OccurrenceOnExistingTicket()
    {
        var existing = Open("T-1") with { Assignee = "E-1" };

        var plan = TicketPlanner.OnRaised(Raised() with { At = T0.AddMinutes(7) }, Gold, [existing], Roster, "T-9");

        Assert.False(plan.IsNew);
        Assert.Equal(("T-1", 2, "E-1"), (plan.Ticket.TicketNo, plan.Ticket.Occurrences, plan.Ticket.Assignee));
        Assert.Equal(T0.AddMinutes(7), plan.Ticket.LastOccurrenceAt);
    }

    [Fact]
    public void OnRaised_ClearedTransition_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            TicketPlanner.OnRaised(Raised() with { Kind = AlarmTransitionKind.Cleared }, Gold, [], Roster, "T-9"));
    }
}
