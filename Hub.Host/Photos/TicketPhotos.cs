using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// The photos attached to one ticket: those of the customers' reports (portal, chat) and those of the engineers' service
/// reports. A photo is served under a ticket only when it is attached to that ticket, so a photo id of another ticket
/// put into the address is answered as unknown (the callers decide first who may see the ticket at all).
/// </summary>
internal static class TicketPhotos
{
    /// <summary>The photo <paramref name="photoId"/> when it is attached to <paramref name="ticketNo"/>; null otherwise.</summary>
    public static async Task<StoredPhoto?> FindAsync(IRulesUnitOfWork tx, string ticketNo, string photoId, CancellationToken cancellationToken)
    {
        if (!StoredPhoto.IsId(photoId))
        {
            return null;
        }

        var requests = await tx.ServiceRequestsOfTicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (requests.SelectMany(r => r.Photos).FirstOrDefault(p => p.Id == photoId) is { } requested)
        {
            return requested;
        }

        var reports = await tx.ServiceReportsAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        return reports.SelectMany(r => r.Photos).FirstOrDefault(p => p.Id == photoId);
    }

    /// <summary>
    /// The photo's bytes with the type sniffed at intake (never a client's), private to the browser that asked; null when
    /// it is not attached to the ticket or its file is gone.
    /// </summary>
    public static async Task<IResult?> ServeAsync(IRulesUnitOfWork tx, string ticketNo, string photoId, PhotoIntake photos, CancellationToken cancellationToken)
    {
        if (await FindAsync(tx, ticketNo, photoId, cancellationToken).ConfigureAwait(false) is not { } photo
            || photos.OpenRead(photo.Id, photo.Format) is not { } stream)
        {
            return null;
        }

        return TypedResults.Stream(stream, photo.ContentType, fileDownloadName: null, lastModified: null,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{photo.Id}\""), enableRangeProcessing: false);
    }
}
