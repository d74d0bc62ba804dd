namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>What became of a customer's report.</summary>
internal enum ServiceRequestStatus
{
    /// <summary>A ticket was opened, or an occurrence added to the machine's open ticket of the same category.</summary>
    Opened,

    /// <summary>The same request (customer and idempotency key) was stored before: nothing was stored again.</summary>
    Replayed,

    /// <summary>No such machine, or another customer's: the same answer for both.</summary>
    UnknownAsset,

    /// <summary>The category, the text, the key or the photos broke a rule; the error says which.</summary>
    Invalid,

    /// <summary>The photos would take the customer past their photo budget of the last 24 hours; nothing was stored.</summary>
    OverPhotoBudget,
}
