using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

public class TicketPriorityRulesTests
{
    [Theory]
    [InlineData(AlarmSeverity.Critical, CustomerTier.Standard, TicketPriority.P0)]
    [InlineData(AlarmSeverity.Critical, CustomerTier.Silver, TicketPriority.P0)]
    [InlineData(AlarmSeverity.Critical, CustomerTier.Gold, TicketPriority.P0)]
    [InlineData(AlarmSeverity.Major, CustomerTier.Standard, TicketPriority.P1)]
    [InlineData(AlarmSeverity.Major, CustomerTier.Silver, TicketPriority.P1)]
    [InlineData(AlarmSeverity.Major, CustomerTier.Gold, TicketPriority.P0)]
    [InlineData(AlarmSeverity.Warning, CustomerTier.Standard, TicketPriority.P2)]
    [InlineData(AlarmSeverity.Warning, CustomerTier.Silver, TicketPriority.P1)]
    [InlineData(AlarmSeverity.Warning, CustomerTier.Gold, TicketPriority.P1)]
    [InlineData(AlarmSeverity.Info, CustomerTier.Standard, TicketPriority.P2)]
    [InlineData(AlarmSeverity.Info, CustomerTier.Silver, TicketPriority.P2)]
    [InlineData(AlarmSeverity.Info, CustomerTier.Gold, TicketPriority.P2)]
    public void Decide_SeverityAndTier_FollowsDocumentedTable(AlarmSeverity severity, CustomerTier tier, TicketPriority expected)
    {
        var decision = TicketPriorityRules.Decide(severity, tier);

        Assert.Equal(expected, decision.Priority);
        Assert.Equal($"Priority {expected}: {severity} alarm for a {tier} customer.", decision.Reason);
    }
}
