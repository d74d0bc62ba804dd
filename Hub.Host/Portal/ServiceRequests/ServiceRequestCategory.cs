using IntegrationHub.Crm.Core.Alarms;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>
/// One kind of problem a customer can report. Its severity, with the customer's tier, sets the ticket's priority
/// through the same table as an alarm's (<c>TicketPriorityRules</c>): Critical is P0 for everyone; Major is P0 for Gold
/// and P1 otherwise; Warning is P1 for Silver and Gold and P2 for Standard; Info is P2.
/// </summary>
internal sealed record ServiceRequestCategory
{
    /// <summary>The category's name, part of the ticket's code (<c>customer:&lt;name&gt;</c>): 1 to 32 lower-case
    /// letters, digits and hyphens.</summary>
    /// <value>The default value is none (required).</value>
    public string Name { get; init; } = string.Empty;

    /// <summary>How serious a problem of this kind is: <c>Info</c>, <c>Warning</c>, <c>Major</c> or <c>Critical</c>.</summary>
    /// <value>The default value is <c>Warning</c>.</value>
    public AlarmSeverity Severity { get; init; } = AlarmSeverity.Warning;

    /// <summary>The category as the portal's form and the notifications show it in English.</summary>
    /// <value>The default value is none (required).</value>
    public string TextEn { get; init; } = string.Empty;

    /// <summary>The category in Simplified Chinese.</summary>
    /// <value>The default value is none (the English text is shown).</value>
    public string? TextZhCn { get; init; }

    /// <summary>Words that pick this category for a chat report (<c>报修 EQ-C001-01 主轴异响</c>); the first category with a
    /// word found in the text wins, otherwise <c>Hub:Portal:ServiceRequests:ChatCategory</c>.</summary>
    /// <value>The default value is none.</value>
    public IReadOnlyList<string> Keywords { get; init; } = [];
}
