using System.Collections.Concurrent;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Issue 16 item 9: a subscription the server no longer serves delivers nothing, and nothing else tells. Every
// subscription gets a message (data or keep-alive) at least once per keep-alive period (Part 4 5.13.1.1), so one
// that stays quiet for several periods while the server answers Publish requests for the others is reported.
// Time is the server's PublishTime from the responses, so a busy client does not see false silence.
public sealed partial class OpcUaClient
{
    private const int SilentKeepAlivePeriods = 3;
    private readonly ConcurrentDictionary<uint, byte> _unknownSubscriptionsLogged = new();

    /// <summary>Subscriptions that the server seems to have stopped serving (see <see cref="OpcUaSubscription.IsSilent"/>).</summary>
    public IReadOnlyList<OpcUaSubscription> SilentSubscriptions => Subscriptions.Where(s => s.IsSilent).ToList();

    private void WatchForSilence(ConcurrentDictionary<uint, OpcUaSubscription> subscriptions, OpcUaSubscription? heard, DateTime publishTime)
    {
        if (heard is not null)
        {
            lock (heard)
            {
                heard.HeardAt = heard.HeardAt is { } last && last > publishTime ? last : publishTime; // Publish workers answer out of order
                if (heard.IsSilent)
                {
                    heard.IsSilent = false;
                    OpcUaClientLog.SubscriptionDeliversAgain(_options.Logger, heard.Id);
                }
            }
        }

        foreach (var other in subscriptions.Values)
        {
            if (ReferenceEquals(other, heard))
            {
                continue;
            }

            lock (other)
            {
                if (other.HeardAt is not { } since)
                {
                    other.HeardAt = publishTime; // the first message of any subscription after this one was (re)created
                    continue;
                }

                var silence = publishTime - since;
                if (!other.IsSilent && other.KeepAlivePeriod > TimeSpan.Zero && silence > other.KeepAlivePeriod * SilentKeepAlivePeriods)
                {
                    other.IsSilent = true;
                    OpcUaClientLog.SubscriptionSilent(_options.Logger, other.Id, silence, other.KeepAlivePeriod);
                }
            }
        }
    }
}
