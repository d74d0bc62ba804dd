using System.Security.Cryptography;

namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// The steps of <see cref="AcceptAsync"/> apart, for a form of several photos (review of session 24): every photo is read
/// and checked in memory first, so a refused one leaves no file of the others; the caller checks what it must (a replayed
/// key stores nothing) before <see cref="StoreAsync"/>; and <see cref="Forget"/> removes what a request wrote but did not
/// keep.
/// </summary>
internal sealed partial class PhotoIntake
{
    /// <summary>Reads, checks and strips one photo in memory; nothing is written.</summary>
    /// <exception cref="PhotoRejectedException">The photo broke a rule.</exception>
    public async Task<PreparedPhoto> PrepareAsync(Stream content, string declaredName, PhotoOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(owner);
        var name = SafeName(declaredName);
        try
        {
            var bytes = await ReadLimitedAsync(content, name, cancellationToken).ConfigureAwait(false);
            var cleaned = Clean(bytes, name);
            var id = Convert.ToHexStringLower(SHA256.HashData(cleaned.Bytes));
            return new PreparedPhoto(new StoredPhoto(id, cleaned.Format, cleaned.Width, cleaned.Height, cleaned.Bytes.LongLength), cleaned.Bytes, bytes.LongLength);
        }
        catch (PhotoRejectedException e)
        {
            PhotoLog.Refused(logger, owner.ToString(), e.Problem.ToString(), e.Message);
            throw;
        }
    }

    /// <summary>
    /// Refuses to write <paramref name="bytes"/> more when the data disk would then have less than
    /// <see cref="PhotoOptions.MinFreeDiskBytes"/> free: photos must never be what stops the store from writing.
    /// </summary>
    /// <exception cref="PhotoRejectedException">With <see cref="PhotoProblem.DiskFull"/>; logged as event 2390.</exception>
    public void EnsureRoomFor(long bytes, PhotoOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var free = FreeBytes();
        if (free - bytes < limits.MinFreeDiskBytes)
        {
            PhotoLog.DiskBelowFloor(logger, owner.ToString(), free, limits.MinFreeDiskBytes);
            throw new PhotoRejectedException(PhotoProblem.DiskFull,
                "The hub's data disk is nearly full, so no photo can be stored now; the service desk has been told. Send the report without photos, or try again later.");
        }
    }

    /// <summary>Writes a prepared photo (once: the same picture is one file).</summary>
    /// <returns>True when this call created the file; false when the same picture was stored before.</returns>
    public async Task<bool> StoreAsync(PreparedPhoto prepared, PhotoOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(owner);
        try
        {
            var photo = prepared.Photo;
            var created = await WriteAsync(photo, prepared.Bytes, cancellationToken).ConfigureAwait(false);
            PhotoLog.Stored(logger, photo.Id, photo.Format.ToString(), photo.Width, photo.Height, photo.Length, prepared.SentLength - photo.Length, owner.ToString());
            return created;
        }
        catch (PhotoRejectedException e)
        {
            PhotoLog.Refused(logger, owner.ToString(), e.Problem.ToString(), e.Message);
            throw;
        }
    }

    /// <summary>Removes a photo file a request wrote and then did not keep (its form was refused, or replayed meanwhile).
    /// Only for files the caller itself created: another request's photo of the same bytes is never touched.</summary>
    public void Forget(StoredPhoto photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var path = PathOf(photo.Id, photo.Format);
        if (new FileInfo(path) is { Exists: true, LinkTarget: null })
        {
            File.Delete(path);
            PhotoLog.Forgotten(logger, photo.Id);
        }
    }

    // The free bytes of the disk the photo folder is on (the data folder's while the photo folder does not exist yet).
    private long FreeBytes()
    {
        var existing = new DirectoryInfo(folder);
        while (existing is { Exists: false, Parent: not null })
        {
            existing = existing.Parent;
        }

        return new DriveInfo(existing.FullName).AvailableFreeSpace;
    }
}
