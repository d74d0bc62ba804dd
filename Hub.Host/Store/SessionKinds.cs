namespace IntegrationHub.Hub.Host.Store;

/// <summary>The kinds of session <see cref="ISessionStore"/> keeps apart.</summary>
internal static class SessionKinds
{
    /// <summary>A desk user's session; its subject is the user name.</summary>
    public const string Desk = "desk";

    /// <summary>A portal page session; its subject is the hash of the token it was made with.</summary>
    public const string Portal = "portal";
}
