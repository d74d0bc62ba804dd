namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>One directory server cannot be used for a reason found by the hub (no StartTLS, service account refused); the next is tried.</summary>
internal sealed class ServerUnusableException(string message) : Exception(message);
