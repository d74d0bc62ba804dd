namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>The answer to a report: its status, the ticket it went into, or why it was refused.</summary>
internal sealed record ServiceRequestOutcome(ServiceRequestStatus Status, string? TicketNo = null, string? Error = null)
{
    /// <summary>For <see cref="ServiceRequestStatus.Replayed"/>: the photos the first request keeps, which a replay that
    /// raced it must not remove.</summary>
    public IReadOnlyCollection<string> KeptPhotoIds { get; init; } = [];

    public static ServiceRequestOutcome Invalid(string error) => new(ServiceRequestStatus.Invalid, Error: error);

    public static ServiceRequestOutcome UnknownAsset { get; } = new(ServiceRequestStatus.UnknownAsset,
        Error: "No machine with this id was found for your account. Check the id on the machine's label.");
}
