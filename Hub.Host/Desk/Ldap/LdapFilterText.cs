using System.Globalization;
using System.Text;

namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>
/// A value written into an LDAP search filter (RFC 4515 section 3): <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL
/// become <c>\2a</c>, <c>\28</c>, <c>\29</c>, <c>\5c</c> and <c>\00</c>, so a sign-in name such as <c>a*</c> or
/// <c>x)(uid=*</c> matches only itself and cannot widen the search.
/// </summary>
internal static class LdapFilterText
{
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '*' or '(' or ')' or '\\' or '\0')
            {
                escaped.Append('\\').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>The filter with every <c>{0}</c> replaced by the escaped <paramref name="value"/>.</summary>
    public static string Fill(string filter, string value) => filter.Replace("{0}", Escape(value), StringComparison.Ordinal);
}
