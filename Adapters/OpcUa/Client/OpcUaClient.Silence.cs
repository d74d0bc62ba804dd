using System.Collections.Concurrent;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Issue 16 item 9: a subscription the server no longer serves delivers nothing, and nothing else tells. Every
// subscription gets a message (data or keep-alive) at least once per keep-alive period (Part 4 5.13.1.1), so one
// that stays quiet for several periods while the server answers Publish requests for the others is reported.
// Time is counted in the others' publishing cycles, not read from a clock: messages of one subscription are at
// least its publishing interval apart (several with MoreNotifications count as one cycle), so n cycles of it prove
// that (n - 1) intervals passed on the server, however busy this client is. (node-opcua leaves PublishTime empty.)
public sealed partial class OpcUaClient
{
    private const int SilentKeepAlivePeriods = 3;
    private readonly ConcurrentDictionary<uint, byte> _unknownSubscriptionsLogged = new();

    /// <summary>Subscriptions that the server seems to have stopped serving (see <see cref="OpcUaSubscription.IsSilent"/>).</summary>
    public IReadOnlyList<OpcUaSubscription> SilentSubscriptions => Subscriptions.Where(s => s.IsSilent).ToList();

    private void WatchForSilence(ConcurrentDictionary<uint, OpcUaSubscription> subscriptions, OpcUaSubscription? heard, bool moreNotifications)
    {
        if (heard is null)
        {
            return;
        }

        var cycles = heard.Heard(moreNotifications);
        if (cycles < 0)
        {
            OpcUaClientLog.SubscriptionDeliversAgain(_options.Logger, heard.Id);
            cycles = -cycles;
        }

        foreach (var other in subscriptions.Values)
        {
            if (!ReferenceEquals(other, heard) && other.Quiet(heard, cycles, SilentKeepAlivePeriods) is { } elapsed)
            {
                OpcUaClientLog.SubscriptionSilent(_options.Logger, other.Id, heard.Id, elapsed, other.KeepAlivePeriod);
            }
        }
    }
}
