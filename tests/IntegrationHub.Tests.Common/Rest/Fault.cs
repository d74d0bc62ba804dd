namespace IntegrationHub.Tests.Common.Rest;

/// <summary>A planned wrong answer: a status, optionally Retry-After seconds, optionally an HTML page.</summary>
public sealed record Fault(int Status, int? RetryAfterSeconds = null, bool Html = false);
