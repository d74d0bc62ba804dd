using System.Globalization;
using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Scheduling;

/// <summary>
/// The last runs of scheduled work (issue 21 item 4), kept in the store beside the pollers' watermarks, as
/// <c>schedule/&lt;work&gt;</c> (a database source's own watermark is keyed by its bare name, and the validator refuses a
/// name with that prefix): one record per work whichever node runs it, written with the work's lease fence when it runs as leased work.
/// </summary>
internal sealed class StoredScheduleLog(IHubStore store) : IScheduleLog
{
    /// <summary>The prefix of schedule records among the watermarks.</summary>
    public const string Prefix = "schedule/";

    public async Task<DateTimeOffset?> LastRunAsync(string work, CancellationToken cancellationToken)
    {
        var text = await store.GetPollWatermarkAsync(Prefix + work, cancellationToken).ConfigureAwait(false);
        return text is null
            ? null
            : DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at
                : throw new InvalidDataException($"The store's record of the last run of {work} is '{text}', not a time in ISO 8601; delete the poll_watermarks row '{Prefix}{work}' to poll once now.");
    }

    public Task RecordRunAsync(string work, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        store.ApplyAsync(
            [], [],
            new PollWatermark(Prefix + work, startedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)) { Fence = LeaseFence.Current },
            cancellationToken);
}
