namespace IntegrationHub.Adapters.OpcUa.Tests;

/// <summary>A cancellation token that ends a hung test instead of the whole run.</summary>
internal static class TestTimeout
{
    public static CancellationToken Token(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
