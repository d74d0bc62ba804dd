namespace IntegrationHub.Hub.Host.Portal;

/// <summary>The body of <c>POST /api/portal/session</c>.</summary>
internal sealed record SignInRequest(string? Token);
