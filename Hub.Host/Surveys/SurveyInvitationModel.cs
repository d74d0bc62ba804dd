namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>What a survey invitation's template can show; times in the site's time zone (<c>Hub:Notifications:TimeZone</c>).</summary>
internal sealed record SurveyInvitationModel
{
    public required string TicketNo { get; init; }

    public required string AssetId { get; init; }

    public string? CustomerName { get; init; }

    /// <summary>The engineer who had the ticket (the roster's name), or null when it was in a queue.</summary>
    public string? Engineer { get; init; }

    /// <summary>The survey page's link, with its one-time token.</summary>
    public required string Link { get; init; }

    /// <summary>The last day the link can be answered, as yyyy-MM-dd.</summary>
    public required string AnswerBy { get; init; }

    /// <summary>When the invitation goes to the customer's chat robot: how to answer right there, e.g. "评价 T-… 5 9 很及时"; null by mail.</summary>
    public string? ChatReply { get; init; }
}
