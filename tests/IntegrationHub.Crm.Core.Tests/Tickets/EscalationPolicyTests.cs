using IntegrationHub.Crm.Core.Tests.Support;
using IntegrationHub.Crm.Core.Tickets;
using Microsoft.Extensions.Time.Testing;
using static IntegrationHub.Crm.Core.Tests.Tickets.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

public class EscalationPolicyTests
{
    private static readonly EscalationPolicy Policy = EscalationPolicy.Default;

    [Fact]
    public void Evaluate_StepsOverTimeWithoutResponse_NoneThenSupervisorThenManager()
    {
        var clock = new FakeTimeProvider(T0);
        var ticket = Open();

        var early = Policy.Evaluate(ticket, clock.Step(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1)));
        var supervisor = Policy.Evaluate(ticket, clock.Step(TimeSpan.FromSeconds(1)));
        var stillSupervisor = Policy.Evaluate(ticket, clock.Step(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1)));
        var manager = Policy.Evaluate(ticket, clock.Step(TimeSpan.FromSeconds(1)));

        Assert.Equal((EscalationLevel.None, false, T0.AddHours(2)), (early.Level, early.Escalates, early.NextAt));
        Assert.Equal((EscalationLevel.Supervisor, true, T0.AddHours(4)), (supervisor.Level, supervisor.Escalates, supervisor.NextAt));
        Assert.Equal(EscalationLevel.Supervisor, stillSupervisor.Level);
        Assert.Equal((EscalationLevel.Manager, true, null), (manager.Level, manager.Escalates, manager.NextAt));
        Assert.StartsWith("The response target 2026-11-20T10:00:00.0000000+00:00 was missed by 00:00:00", supervisor.Reason, StringComparison.Ordinal);
        Assert.EndsWith("escalate to the manager.", manager.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AlreadyAtSupervisor_DoesNotEscalateAgain()
    {
        var decision = Policy.Evaluate(Open() with { Escalation = EscalationLevel.Supervisor }, T0.AddHours(3));

        Assert.Equal(EscalationLevel.Supervisor, decision.Level);
        Assert.False(decision.Escalates);
    }

    [Fact]
    public void Evaluate_UpdateAfterMissedTarget_HoldsOffManager()
    {
        var ticket = Open() with { UpdatedAt = T0.AddHours(3), Escalation = EscalationLevel.Supervisor };

        var held = Policy.Evaluate(ticket, T0.AddHours(4.5));
        var manager = Policy.Evaluate(ticket, T0.AddHours(5));

        Assert.Equal((EscalationLevel.Supervisor, T0.AddHours(5)), (held.Level, held.NextAt));
        Assert.Equal(EscalationLevel.Manager, manager.Level);
        Assert.True(manager.Escalates);
    }

    [Fact]
    public void Evaluate_UpdateBeforeTarget_DoesNotHoldOffManager()
    {
        var ticket = Open() with { UpdatedAt = T0.AddHours(1) };

        Assert.Equal(EscalationLevel.Manager, Policy.Evaluate(ticket, T0.AddHours(4)).Level);
    }

    [Fact]
    public void Evaluate_Responded_WatchesResolutionTarget()
    {
        var ticket = Open() with { RespondedAt = T0.AddHours(1), Status = TicketStatus.Acknowledged };

        var beforeResolve = Policy.Evaluate(ticket, T0.AddHours(23));
        var missed = Policy.Evaluate(ticket, T0.AddHours(24));

        Assert.Equal((EscalationLevel.None, T0.AddHours(24)), (beforeResolve.Level, beforeResolve.NextAt));
        Assert.Equal(EscalationLevel.Supervisor, missed.Level);
        Assert.StartsWith("The resolution target", missed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed)]
    public void Evaluate_FinishedTicket_NeverEscalates(TicketStatus status)
    {
        var decision = Policy.Evaluate(Open() with { Status = status }, T0.AddDays(3));

        Assert.Equal(EscalationLevel.None, decision.Level);
        Assert.False(decision.Escalates);
    }

    [Fact]
    public void Evaluate_ConfiguredManagerDelay_IsUsed()
    {
        var policy = new EscalationPolicy { ManagerAfter = TimeSpan.FromMinutes(30) };

        Assert.Equal(EscalationLevel.Manager, policy.Evaluate(Open(), T0.AddHours(2.5)).Level);
    }
}
