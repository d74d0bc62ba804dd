namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>The answer to a stored report: its ticket, and whether this submit was a replay of one stored before.</summary>
internal sealed record ServiceRequestCreated(string TicketNo, bool Replayed);

/// <summary>A category as the portal's form offers it.</summary>
internal sealed record ServiceRequestCategoryView(string Name, string Severity, string TextEn, string? TextZhCn);

/// <summary>A report as the desk (or its customer) reads it with the ticket.</summary>
internal sealed record ServiceRequestView(string AssetId, string Category, string Channel, string Text, DateTimeOffset CreatedAt, IReadOnlyList<ServiceRequestPhotoView> Photos);

/// <summary>A photo of a report, with the address that serves it to whoever may see it.</summary>
internal sealed record ServiceRequestPhotoView(string Id, string ContentType, int Width, int Height, long Length, string Url);
