namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>
/// An inbox entry that is not a regular file the inbox holds itself (a link, a FIFO, a device, a socket) or that
/// is over the size limit: it is never read (issue 16, item 1).
/// </summary>
internal sealed class RefusedFileException(string file, string reason, bool isLink)
    : Exception($"{file}: {reason}")
{
    public string File { get; } = file;

    public string Reason { get; } = reason;

    /// <summary>Whether the entry is a symbolic link, which is removed rather than kept in failed/.</summary>
    public bool IsLink { get; } = isLink;
}
