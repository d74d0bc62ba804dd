using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Modules.Files;

/// <summary>
/// A chunk that <see cref="StoringChunkSink"/> mapped: its changes and dead letters go to the store in one transaction
/// when committed, and nothing before.
/// </summary>
internal sealed class PreparedStoreChunk(
    IHubStore store, ILogger logger, FileChunk chunk, IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters,
    IReadOnlyList<RejectedRow> refused) : IPreparedFileChunk
{
    public IReadOnlyList<RejectedRow> Refused => refused;

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var applied = await store.ApplyAsync(changes, deadLetters, cancellationToken).ConfigureAwait(false);
        if (deadLetters.Count > 0)
        {
            HubLog.DeadLettered(logger, LogText.Escape(chunk.Source), applied.DeadLettered, LogText.Escape(chunk.File));
        }
    }
}
