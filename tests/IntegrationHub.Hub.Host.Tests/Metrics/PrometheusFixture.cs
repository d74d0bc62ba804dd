using IntegrationHub.Tests.Common.Prometheus;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>One real Prometheus for a test class, scraping with the metrics tests' token (<see cref="ScrapedMetrics.Token"/>).</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private PrometheusServer? _server;

    public PrometheusServer Server => _server ?? throw new InvalidOperationException("Prometheus has not started.");

    public async Task InitializeAsync() => _server = await PrometheusServer.StartAsync(ScrapedMetrics.Token);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
