namespace IntegrationHub.Tests.Common.Prometheus;

/// <summary>One series of an instant query's answer: its labels (<c>__name__</c> among them) and its value.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value);
