using System.DirectoryServices.Protocols;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>A directory user's groups (a group search, or the user's memberOf) and the desk role they give.</summary>
internal static class LdapGroups
{
    public static IReadOnlyList<string> Of(LdapConnection connection, SearchResultEntry user, DeskLdapOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.GroupSearchBase))
        {
            return user.Attributes.Contains(settings.GroupAttribute)
                ? [.. user.Attributes[settings.GroupAttribute].GetValues(typeof(string)).Cast<string>()]
                : [];
        }

        // "1.1": no attributes, only the groups' DNs (RFC 4511 section 4.5.1.8).
        var request = new SearchRequest(settings.GroupSearchBase, LdapFilterText.Fill(settings.GroupFilter, user.DistinguishedName), SearchScope.Subtree, "1.1");
        var response = (SearchResponse)connection.SendRequest(request);
        return [.. response.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName)];
    }

    /// <summary>
    /// The highest role any of <paramref name="groups"/> gives; null when none is mapped. Engineer (the phone page only,
    /// issue 24 item 2) ranks below the desk's roles, so that a member of a desk group keeps the desk.
    /// </summary>
    public static DeskRole? HighestRole(IReadOnlyList<string> groups, IReadOnlyList<DeskLdapGroupRole> map)
    {
        DeskRole? highest = null;
        foreach (var entry in map)
        {
            if (entry.Group is { } group && groups.Any(g => SameDn(g, group)) && (highest is null || Rank(entry.Role) > Rank(highest.Value)))
            {
                highest = entry.Role;
            }
        }

        return highest;
    }

    private static int Rank(DeskRole role) => role == DeskRole.Engineer ? -1 : (int)role;

    // Directories answer DNs in their own spelling: attribute names and values compare without regard to case here,
    // and spaces after the commas of a configured DN are ignored.
    private static bool SameDn(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string dn) => string.Join(',', dn.Split(',').Select(part => part.Trim()));
}
