namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>The body of every CRM API error: a stable code for programs, a sentence for people, and the parameter at fault.</summary>
internal sealed record CrmError(string Error, string Message, string? Parameter = null);
