using System.Xml;
using System.Xml.Linq;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Inbox;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace IntegrationHub.Hub.Host.Web;

/// <summary>
/// Data Protection's key ring in the hub's store (issue 18 item 4): the keys that sign and encrypt the desk's and the
/// portal's session cookies, read by every node of one database, so a session made on one node is valid on the others
/// and survives a node's replacement. Until version 18 the keys lived in the data folder's <c>keys/</c>; while the
/// store holds no key yet, that folder's elements are imported once, so an upgrade signs nobody out.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous, so the store is waited on here. Data Protection calls it when it first
/// needs the key ring, when the ring's cache expires (hours) and when it makes a key (every 90 days): rarely enough
/// that blocking a pool thread is not a concern. The keys are stored as Data Protection writes them, unencrypted, as
/// they were in <c>keys/</c>: whoever reads the hub's database can forge sessions, so its credentials are secrets.
/// </remarks>
internal sealed class StoreXmlRepository(IDataProtectionKeyStore store, string oldKeyFolder, TimeProvider time, ILogger<StoreXmlRepository> logger)
    : IXmlRepository
{
    // A Data Protection key element is about 1 KiB; anything far larger in the old folder is not one of them.
    private const long MaxElementBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private bool _imported;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var stored = Wait(store.ListAsync(CancellationToken.None));
        if (stored.Count == 0 && ImportOldFolderOnce() > 0)
        {
            stored = Wait(store.ListAsync(CancellationToken.None));
        }

        var elements = new List<XElement>(stored.Count);
        foreach (var xml in stored)
        {
            try
            {
                elements.Add(XElement.Parse(xml));
            }
            catch (XmlException ex)
            {
                // One damaged row must not take every session down with it: the other keys still serve.
                KeyRingLog.Unreadable(logger, ex.Message);
            }
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        if (Wait(store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow(), CancellationToken.None)))
        {
            KeyRingLog.Added(logger, friendlyName);
        }
        else
        {
            KeyRingLog.AlreadyStored(logger, friendlyName);
        }
    }

    /// <summary>Imports the old <c>keys/</c> folder's elements, at most once per process; returns how many were added.</summary>
    private int ImportOldFolderOnce()
    {
        lock (_gate)
        {
            if (_imported)
            {
                return 0;
            }

            _imported = true;
            if (!Directory.Exists(oldKeyFolder) || new DirectoryInfo(oldKeyFolder).LinkTarget is not null)
            {
                return 0;
            }

            var added = 0;
            foreach (var path in Directory.EnumerateFiles(oldKeyFolder, "*.xml").Order(StringComparer.Ordinal))
            {
                var file = Path.GetFileName(path);
                if (ReadElement(file) is not { } xml)
                {
                    continue;
                }

                if (Wait(store.AddAsync(Path.GetFileNameWithoutExtension(file), xml, time.GetUtcNow(), CancellationToken.None)))
                {
                    added++;
                }
            }

            if (added > 0)
            {
                KeyRingLog.Imported(logger, added, oldKeyFolder);
            }

            return added;
        }
    }

    /// <summary>The element in <paramref name="file"/>, or null (and a warning) when it is not a regular file holding XML.</summary>
    private string? ReadElement(string file)
    {
        try
        {
            // The inbox's opener: a link, a FIFO or a device is refused on the opened handle, a huge file by its size.
            using var stream = InboxFileOpener.Open(oldKeyFolder, file, MaxElementBytes);
            return XElement.Load(stream).ToString(SaveOptions.DisableFormatting);
        }
        catch (RefusedFileException ex)
        {
            KeyRingLog.Skipped(logger, LogText.Escape(file), ex.Reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            KeyRingLog.Skipped(logger, LogText.Escape(file), ex.Message);
        }

        return null;
    }

    private static T Wait<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();
}
