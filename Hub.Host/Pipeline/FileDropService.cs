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
        var retry = RetryForever.Build(time, MaxDelay, ex => ex is IOException or UnauthorizedAccessException, (ex, delay) =>
        {
            HubLog.FileDropFailed(logger, ex, delay);
            _retrying = true;
        });
        try
        {
            await retry.ExecuteAsync(
                async token =>
                {
                    _retrying = false;
                    await watcher.RunAsync(token).ConfigureAwait(false);
                },
                stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
