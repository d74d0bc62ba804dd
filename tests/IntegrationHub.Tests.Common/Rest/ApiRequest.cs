namespace IntegrationHub.Tests.Common.Rest;

/// <summary>A request the fake API received: its number, time, path with query, and the status it was answered with.</summary>
public sealed record ApiRequest(int Number, DateTimeOffset At, string PathAndQuery, int Status);
