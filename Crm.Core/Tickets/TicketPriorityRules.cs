using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Customers;
using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>A ticket's priority from the alarm's severity and the customer's tier.</summary>
/// <remarks>
/// <code>
/// severity \ tier   Standard  Silver  Gold
/// Critical          P0        P0      P0
/// Major             P1        P1      P0
/// Warning           P2        P1      P1
/// Info              P2        P2      P2
/// </code>
/// A critical alarm is P0 for everyone (the machine is down); a better tier moves Major and Warning up one step;
/// Info never pages anyone.
/// </remarks>
public static class TicketPriorityRules
{
    /// <summary>The priority for <paramref name="severity"/> on an asset of a <paramref name="tier"/> customer.</summary>
    public static PriorityDecision Decide(AlarmSeverity severity, CustomerTier tier)
    {
        var priority = (severity, tier) switch
        {
            (AlarmSeverity.Critical, _) => TicketPriority.P0,
            (AlarmSeverity.Major, CustomerTier.Gold) => TicketPriority.P0,
            (AlarmSeverity.Major, _) => TicketPriority.P1,
            (AlarmSeverity.Warning, CustomerTier.Silver or CustomerTier.Gold) => TicketPriority.P1,
            _ => TicketPriority.P2,
        };
        return new PriorityDecision(priority, Invariant($"Priority {priority}: {severity} alarm for a {tier} customer."));
    }
}
