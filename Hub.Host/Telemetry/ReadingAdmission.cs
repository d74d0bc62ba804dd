using IntegrationHub.Hub.Host.Modules.Mqtt;
using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Mappings;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>
/// Decides which mapped MQTT readings may be stored (issue 16 item 19). A reading is refused, as a dead letter that
/// keeps its fields and can be replayed, when
/// <list type="bullet">
/// <item>its topic names a customer (the <c>{customer}</c> placeholder of the topic template) other than the owner of
/// the machine in the installed-equipment list: a device of C002 cannot write onto C001's machine;</item>
/// <item>it is stamped more than <see cref="MqttOptions.MaxClockSkew"/> ahead of the hub's clock: it would become the
/// machine's latest state and stay there, since the store keeps the newest timestamp.</item>
/// </list>
/// A machine the installed-equipment list does not (yet) hold has no owner to compare with: its readings are stored as
/// before, because devices often publish before the ERP's equipment export is imported (the demo does).
/// </summary>
internal sealed class ReadingAdmission(IHubStore store, IOptions<MqttOptions> mqtt, TimeProvider time, ILogger<ReadingAdmission> logger)
{
    /// <summary>The record field that carries the topic's customer: the <c>{customer}</c> level of the template.</summary>
    public const string CustomerField = "customer";

    /// <summary>The batch without the refused readings, which are added to its failures with the reason.</summary>
    public async Task<MappedBatch> AdmitAsync(MappedBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Sources.Count != batch.Changes.Count || !batch.Changes.Any(c => c.Entity is AssetMetric))
        {
            return batch;
        }

        var now = time.GetUtcNow();
        var skew = mqtt.Value.MaxClockSkew;
        var latestAllowed = now + skew;
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Changes.Count; i++)
        {
            if (batch.Changes[i].Entity is AssetMetric metric && ClaimedCustomer(batch.Sources[i]) is not null)
            {
                claimed.Add(metric.AssetId);
            }
        }

        // One query for the batch's machines, none when no topic names a customer.
        var owners = claimed.Count == 0
            ? new Dictionary<string, string>()
            : await store.GetEquipmentOwnersAsync(claimed, cancellationToken).ConfigureAwait(false);

        List<CanonicalChange>? kept = null;
        List<SourceRecord>? keptSources = null;
        List<(SourceRecord Record, DeadLetter Letter, IReadOnlyList<FieldError> Errors)>? refused = null;
        int wrongOwner = 0, future = 0;
        string? firstWrongOwner = null, firstFuture = null;
        for (var i = 0; i < batch.Changes.Count; i++)
        {
            var change = batch.Changes[i];
            var record = batch.Sources[i];
            var reason = change.Entity is AssetMetric metric ? Refusal(metric, record, owners, now, latestAllowed, skew) : null;
            if (reason is null)
            {
                kept?.Add(change);
                keptSources?.Add(record);
                continue;
            }

            if (kept is null)
            {
                kept = [.. batch.Changes.Take(i)];
                keptSources = [.. batch.Sources.Take(i)];
                refused = [];
            }

            refused!.Add((record, DeadLetter.Create(record.Source, record.Reference, RecordMapper.SerializeFields(record.Fields), reason.Value.Text, now), []));
            if (reason.Value.Owner)
            {
                wrongOwner++;
                firstWrongOwner ??= reason.Value.Text;
            }
            else
            {
                future++;
                firstFuture ??= reason.Value.Text;
            }
        }

        if (kept is null)
        {
            return batch;
        }

        // One line per kind and batch, so a device that floods the broker cannot flood the log as well.
        if (firstWrongOwner is not null)
        {
            ReadingAdmissionLog.WrongOwner(logger, wrongOwner, LogText.Escape(firstWrongOwner));
        }

        if (firstFuture is not null)
        {
            ReadingAdmissionLog.FromTheFuture(logger, future, LogText.Escape(firstFuture));
        }

        return new MappedBatch(kept, [.. batch.Failures, .. refused!]) { Sources = keptSources! };
    }

    private static string? ClaimedCustomer(SourceRecord record) =>
        record.Fields.TryGetValue(CustomerField, out var customer) && !string.IsNullOrEmpty(customer) ? customer : null;

    private static (string Text, bool Owner)? Refusal(
        AssetMetric metric, SourceRecord record, IReadOnlyDictionary<string, string> owners, DateTimeOffset now, DateTimeOffset latestAllowed, TimeSpan skew)
    {
        if (ClaimedCustomer(record) is { } customer && owners.TryGetValue(metric.AssetId, out var owner) && !string.Equals(customer, owner, StringComparison.Ordinal))
        {
            return (string.Create(CultureInfo.InvariantCulture,
                $"the topic '{record.Reference}' names customer '{customer}', but machine '{metric.AssetId}' belongs to customer '{owner}' in the installed-equipment list; the reading of {metric.Metric} was not stored"), true);
        }

        if (metric.Timestamp > latestAllowed)
        {
            return (string.Create(CultureInfo.InvariantCulture,
                $"the reading of {metric.Metric} on machine '{metric.AssetId}' is stamped {metric.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}, {metric.Timestamp - now:c} ahead of the hub's clock ({now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}), more than Hub:Mqtt:MaxClockSkew ({skew:c}); it would have become the machine's latest state. Check the device's clock; replay this letter once its time has come"), false);
        }

        return null;
    }
}
