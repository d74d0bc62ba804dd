using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The change feed's cursor: the feed's epoch and the last id a consumer has, protected by the hub's Data Protection
/// key ring (kept in the store, so every node and a restarted hub read it), so a cursor is opaque and a forged or
/// edited one is refused instead of silently skipping or repeating changes.
/// </summary>
internal sealed class CrmCursor(IDataProtectionProvider protection)
{
    /// <summary>Longer than any cursor the hub writes, with room; a longer value is refused before any work.</summary>
    public const int MaxLength = 400;

    private readonly IDataProtector _protector = protection.CreateProtector("IntegrationHub.Crm.FeedCursor.v1");

    public string Write(string epoch, long id) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{epoch}:{id}"))));

    /// <summary>The epoch and id of a cursor this hub wrote; null when the value is not one (garbled, forged, truncated).</summary>
    public (string Epoch, long Id)? Read(string cursor)
    {
        if (cursor.Length > MaxLength)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(cursor)));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? (text[..colon], id)
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
