using IntegrationHub.Adapters.Rest;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.Logging;
using IntegrationHub.Hub.Host.Pipeline;

namespace IntegrationHub.Hub.Host.Modules.Rest;

/// <summary>Where polled API pages go: mapped like CSV rows, then stored with their dead letters in one transaction.</summary>
internal sealed class StoringRestSink(RecordMapper mapper, IHubStore store, ILogger<StoringRestSink> logger) : IRestPageSink
{
    public async Task StoreAsync(RestPage page, CancellationToken cancellationToken)
    {
        var mapped = mapper.Map(page.Records);
        var deadLetters = mapped.Failures.Select(f => f.Letter).ToList();
        await store.ApplyAsync(mapped.Changes, deadLetters, cancellationToken).ConfigureAwait(false);
        if (deadLetters.Count > 0)
        {
            HubLog.DeadLettered(logger, page.Source, deadLetters.Count, page.Address);
        }
    }
}
