namespace IntegrationHub.Hub.Host.Portal;

/// <summary>The body of every portal error: a stable code for programs and a sentence for people.</summary>
internal sealed record PortalError(string Error, string Message);
