using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Adapters.Notifications;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// An outbox channel that writes each message, an <see cref="ExportTable"/> as JSON, as one file in an export folder.
/// Generic: any feature that hands a system rows of named columns through a folder can queue messages for one. A folder
/// that is gone or refused is dead-lettered at once with the reason (an operator must act; replay once it is fixed); a
/// failure that may pass (a full disk, a share that hiccupped) is retried by the outbox.
/// </summary>
internal sealed class ExportFolderChannel(string name, ExportFolder folder, ILogger<ExportFolderChannel> logger) : INotificationChannel
{
    public string Name { get; } = name;

    public string Kind => "export-folder";

    public async Task<DeliveryResult> SendAsync(RenderedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ExportTable.FromJson(message.Body, out var problem) is not { } table)
        {
            return DeliveryResult.Permanent($"channel '{Name}': {problem}");
        }

        var outcome = await folder.WriteAsync(table, cancellationToken).ConfigureAwait(false);
        if (outcome.Done)
        {
            if (outcome.AlreadyThere)
            {
                PartsLog.AlreadyWritten(logger, outcome.FileName, folder.Path);
            }
            else
            {
                PartsLog.Written(logger, outcome.FileName, folder.Path);
            }

            return DeliveryResult.Success;
        }

        var error = $"channel '{Name}': {outcome.Error}";
        return outcome.IsTransient ? DeliveryResult.Transient(error) : DeliveryResult.Permanent(error);
    }
}
