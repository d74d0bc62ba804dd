namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// Takes photos from customers and engineers (issue 24): the type is sniffed from the bytes (JPEG or PNG; a name or a
/// declared content type is never believed), the size and the header's pixel count are checked before anything decodes
/// the picture, metadata is stripped (<see cref="JpegCleaner"/>, <see cref="PngCleaner"/>), and what is left is stored in
/// <c>photos/</c> of the data folder (never under the web root) under the SHA-256 of its bytes, readable by the hub's
/// user only. Who may see a photo is decided by the caller from what the photo is attached to; <see cref="OpenRead"/>
/// opens a stored photo by id.
/// </summary>
internal sealed partial class PhotoIntake(PhotoOptions limits, string folder, ILogger<PhotoIntake> logger)
{
    /// <summary>The folder photos are stored in, under the data folder.</summary>
    public const string FolderName = "photos";

    /// <summary>Checks, strips and stores one photo.</summary>
    /// <param name="content">The photo's bytes as sent; read up to one byte past the size limit.</param>
    /// <param name="declaredName">The file name the sender gave, for messages only (escaped there).</param>
    /// <param name="owner">Who sent it, for the log.</param>
    /// <param name="cancellationToken">Cancels the read and the write.</param>
    /// <returns>The stored photo; the same picture sent again is the same id and file.</returns>
    /// <exception cref="PhotoRejectedException">The photo broke a rule; nothing of it was stored.</exception>
    public async Task<StoredPhoto> AcceptAsync(Stream content, string declaredName, PhotoOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(owner);
        var prepared = await PrepareAsync(content, declaredName, owner, cancellationToken).ConfigureAwait(false);
        EnsureRoomFor(prepared.Photo.Length, owner);
        await StoreAsync(prepared, owner, cancellationToken).ConfigureAwait(false);
        return prepared.Photo;
    }

    /// <summary>Opens a stored photo for reading; null when there is none with this id (or the id is not one).</summary>
    public Stream? OpenRead(string id, PhotoFormat format)
    {
        if (!StoredPhoto.IsId(id))
        {
            return null;
        }

        var path = PathOf(id, format);
        var file = new FileInfo(path);
        // A link planted in the folder could point at any file the hub's user can read: never follow one.
        if (!file.Exists || file.LinkTarget is not null || IsLink(Path.GetDirectoryName(path)!) || IsLink(folder))
        {
            return null;
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
    }

    /// <summary>Where a photo lives: <c>photos/ab/abcdef….jpg</c>, two hex digits of fan-out so no folder grows huge.</summary>
    public string PathOf(string id, PhotoFormat format) => Path.Combine(folder, id[..2], id + StoredPhoto.Extension(format));

    private async Task<byte[]> ReadLimitedAsync(Stream content, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limits.MaxBytes)
            {
                throw new PhotoRejectedException(PhotoProblem.TooLarge, $"Photo '{name}' is larger than {limits.MaxBytes} bytes; send a smaller picture.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private CleanedImage Clean(byte[] bytes, string name)
    {
        if (JpegCleaner.LooksLikeJpeg(bytes))
        {
            return JpegCleaner.Clean(bytes, limits.MaxPixels, name);
        }

        if (PngCleaner.LooksLikePng(bytes))
        {
            return PngCleaner.Clean(bytes, limits.MaxPixels, name);
        }

        throw new PhotoRejectedException(PhotoProblem.UnsupportedType,
            $"Photo '{name}' is neither a JPEG nor a PNG picture by its content (whatever its name says); send a JPEG or PNG photo.");
    }

    // True when this call created the file; false when the same picture was there already.
    private async Task<bool> WriteAsync(StoredPhoto photo, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = PathOf(photo.Id, photo.Format);
        var shard = Path.GetDirectoryName(path)!;
        IntegrationHub.Adapters.Abstractions.PrivatePaths.CreateFolder(folder, tightenExisting: false);
        RefuseLink(folder);
        IntegrationHub.Adapters.Abstractions.PrivatePaths.CreateFolder(shard, tightenExisting: false);
        RefuseLink(shard);
        if (Exists(path))
        {
            return false;
        }

        // A new name of our own (CreateNew fails on anything there, a link included), then a move that never replaces.
        var temporary = Path.Combine(shard, $".{photo.Id}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var file = new FileStream(temporary, options))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
                return true;
            }
            catch (IOException) when (Exists(path))
            {
                // The same photo, stored meanwhile by another request: the same bytes under the same name.
                return false;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // True for a regular file already there; a link or anything else there is refused, never written through.
    private bool Exists(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || (!info.Exists && Directory.Exists(path)))
        {
            Refuse(path, "a link or a folder is where the photo would be written");
        }

        return info.Exists;
    }

    private void RefuseLink(string path)
    {
        if (IsLink(path))
        {
            Refuse(path, "the folder is a link");
        }
    }

    private void Refuse(string path, string reason)
    {
        PhotoLog.StorageRefused(logger, path, reason);
        throw new PhotoRejectedException(PhotoProblem.StorageRefused, "The photo could not be stored; the service desk has been told. Try again later.");
    }

    private static bool IsLink(string path) => new DirectoryInfo(path).LinkTarget is not null;

    // The sender's name goes into messages and logs: letters, digits and a few marks only, and not too long.
    private static string SafeName(string? declaredName)
    {
        var name = Path.GetFileName(declaredName ?? string.Empty);
        var safe = new string([.. name.Take(80).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_')]);
        return safe.Length == 0 ? "photo" : safe;
    }
}
