namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>One server of <c>Hub:Desk:Ldap:Servers</c>: <c>ldaps://host[:636]</c>, or <c>ldap://host[:389]</c> upgraded with StartTLS.</summary>
internal sealed record LdapServerAddress(string Host, int Port, bool ImplicitTls)
{
    public override string ToString() => $"{(ImplicitTls ? "ldaps" : "ldap")}://{Host}:{Port}";

    /// <summary>Null when <paramref name="text"/> is a usable server URL (then <paramref name="address"/> is set); else what is wrong.</summary>
    public static string? TryParse(string? text, out LdapServerAddress? address)
    {
        address = null;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("ldap" or "ldaps") || string.IsNullOrEmpty(uri.Host))
        {
            return "write ldaps://host:636 (TLS) or ldap://host:389 (which the hub upgrades with StartTLS).";
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "give only the scheme, host and port; the search bases and the account have settings of their own.";
        }

        var implicitTls = uri.Scheme == "ldaps";
        address = new LdapServerAddress(uri.IdnHost, uri.IsDefaultPort || uri.Port < 0 ? (implicitTls ? 636 : 389) : uri.Port, implicitTls);
        return null;
    }
}
