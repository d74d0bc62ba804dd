using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Tickets;
using static IntegrationHub.Crm.Core.Tests.Tickets.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

public class TicketDeduplicationTests
{
    [Fact]
    public void Decide_NoTicket_OpensOne()
    {
        var decision = TicketDeduplication.Decide([], "M-1", "TEMP-HIGH");

        Assert.True(decision.OpensTicket);
        Assert.Equal("M-1/TEMP-HIGH", decision.Key.Value);
        Assert.Equal("No open ticket for alarm TEMP-HIGH on M-1: open a new ticket.", decision.Reason);
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.Acknowledged)]
    public void Decide_OpenTicketForSameAssetAndCode_BecomesOccurrence(TicketStatus status)
    {
        var tickets = new[] { Open("T-1", code: "OTHER"), Open("T-2") with { Status = status, Occurrences = 3 }, Open("T-3", asset: "M-2") };

        var decision = TicketDeduplication.Decide(tickets, "M-1", "TEMP-HIGH");

        Assert.False(decision.OpensTicket);
        Assert.Equal("T-2", decision.ExistingTicketNo);
        Assert.Contains("occurrence 4 on it, no new ticket", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed)]
    public void Decide_OnlyFinishedTicket_OpensNew(TicketStatus status)
    {
        var decision = TicketDeduplication.Decide([Open() with { Status = status }], "M-1", "TEMP-HIGH");

        Assert.True(decision.OpensTicket);
    }

    [Fact]
    public void Decide_CodeIsCaseSensitive_DifferentCodesAreDifferentTickets()
    {
        Assert.True(TicketDeduplication.Decide([Open()], "M-1", "temp-high").OpensTicket);
    }

    [Fact]
    public void Key_SlashesInParts_DoNotCollide()
    {
        var a = new TicketKey("a/b", "c");
        var b = new TicketKey("a", "b/c");

        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal("a%2Fb/c", a.Value);
    }

    [Fact]
    public void Key_FromTransitionAndTicket_Match()
    {
        var transition = new AlarmTransition
        {
            Kind = AlarmTransitionKind.Raised, RuleId = "r", AssetId = "M-1", Metric = "m", Code = "TEMP-HIGH",
            Severity = AlarmSeverity.Major, At = T0, Reason = "r",
        };

        Assert.Equal(TicketKey.For(Open()), TicketKey.For(transition));
    }

    [Fact]
    public void AddOccurrence_RepeatAndLateRepeat_CountsBothKeepsNewestTime()
    {
        var ticket = TicketDeduplication.AddOccurrence(Open(), T0.AddMinutes(10));
        ticket = TicketDeduplication.AddOccurrence(ticket, T0.AddMinutes(5));

        Assert.Equal(3, ticket.Occurrences);
        Assert.Equal(T0.AddMinutes(10), ticket.LastOccurrenceAt);
    }
}
