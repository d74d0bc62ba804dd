using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>
/// Runs the file-drop adapter for every mapping that declares a <c>file</c> section. If the inbox itself fails
/// (deleted, no permission), the adapter reports Retrying and starts again with a growing delay.
/// </summary>
internal sealed class FileDropService(FileDropWatcher watcher, TimeProvider time, ILogger<FileDropService> logger)
    : BackgroundService, IAdapterStatusSource
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);
    private volatile bool _retrying;

    public AdapterStatus GetStatus()
    {
        var status = watcher.GetStatus();
        return _retrying ? status with { State = AdapterState.Retrying } : status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _retrying = false;
                await watcher.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _retrying = true;
                HubLog.FileDropFailed(logger, ex, delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
