namespace IntegrationHub.Hub.Host.Store;

/// <summary>Service requests reported by customers (issue 24 item 1), written with the ticket they open.</summary>
internal partial interface IRulesUnitOfWork
{
    /// <summary>The customer's request sent with this idempotency key, or null when there is none (a replayed form).</summary>
    Task<ServiceRequestRecord?> ServiceRequestAsync(string customerCode, string requestKey, CancellationToken cancellationToken);

    /// <summary>Stores a request and its photos; the customer's key is unique, so a replay can never store it twice.</summary>
    Task SaveServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken);

    /// <summary>The requests that went into a ticket, oldest first, each with its photos.</summary>
    Task<IReadOnlyList<ServiceRequestRecord>> ServiceRequestsOfTicketAsync(string ticketNo, CancellationToken cancellationToken);

    /// <summary>How many photos, and how many bytes of them, the customer's requests stored since <paramref name="since"/>:
    /// what the per-customer photo budget counts (a photo sent in two requests counts twice, as it was sent twice).</summary>
    Task<(int Count, long Bytes)> CustomerPhotoUsageAsync(string customerCode, DateTimeOffset since, CancellationToken cancellationToken);
}
