using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Modules.Files;

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

    /// <summary>
    /// Creates the folders before the hub counts as started, since the run loop starts on the thread pool: whoever
    /// drops a file once the hub answers finds the inbox there. A failure here is left to the run loop, which reports
    /// it and retries.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            watcher.EnsureFolders();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return base.StartAsync(cancellationToken);
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
