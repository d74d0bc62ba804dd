using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>
/// Reads mosquitto's packet log (<see cref="MosquittoOptions.LogPackets"/>) for the QoS 2 messages it sent to one
/// client, and finds where the broker itself broke exactly-once: a PUBLISH sent again for a packet id after the
/// broker had sent that id's PUBREL and before the PUBCOMP came. MQTT 3.1.1 section 4.3.3 and 5.0 section 4.3.3: the
/// sender "MUST NOT re-send the PUBLISH once it has sent the corresponding PUBREL packet". The receiver cannot tell
/// such a PUBLISH from a new message with that id, so it is handled again.
/// </summary>
/// <remarks>
/// Seen with Debian 12's mosquitto 2.0.11 (issue 16 item 8): on reconnect the broker turns an exchange waiting for
/// PUBCOMP into "resend PUBREL", but one that is already "resend PUBREL" (the previous connection closed right after
/// its CONNACK, before the PUBREL went out) is turned into "publish", and the PUBLISH goes out again with DUP set.
/// </remarks>
public sealed partial class MosquittoQos2Audit
{
    private MosquittoQos2Audit(IReadOnlyList<ushort> violations, int exchanges)
    {
        PublishesAfterPubRel = violations;
        Exchanges = exchanges;
    }

    /// <summary>Gets the packet ids of every PUBLISH the broker resent after that id's PUBREL, one entry per resend.</summary>
    public IReadOnlyList<ushort> PublishesAfterPubRel { get; }

    /// <summary>Gets how many QoS 2 exchanges (first PUBLISH with DUP 0) the broker began with the client.</summary>
    public int Exchanges { get; }

    /// <summary>Reads the log text for the messages sent to <paramref name="clientId"/>.</summary>
    public static MosquittoQos2Audit Read(string log, string clientId)
    {
        var relSent = new HashSet<ushort>();
        var violations = new List<ushort>();
        int exchanges = 0;
        foreach (string line in log.Split('\n'))
        {
            if (line.Contains("Sending PUBLISH to ", StringComparison.Ordinal) && SentTo(line, "Sending PUBLISH to ", clientId)
                && PublishPattern().Match(line) is { Success: true } publish && publish.Groups["qos"].Value == "2")
            {
                ushort id = ushort.Parse(publish.Groups["mid"].Value, CultureInfo.InvariantCulture);
                if (publish.Groups["dup"].Value == "0")
                {
                    exchanges++;
                    relSent.Remove(id);
                }
                else if (relSent.Contains(id))
                {
                    violations.Add(id);
                    relSent.Remove(id); // the broker now waits for PUBREC again, as for a new exchange
                }
            }
            else if (SentTo(line, "Sending PUBREL to ", clientId) && PubRelPattern().Match(line) is { Success: true } release)
            {
                relSent.Add(ushort.Parse(release.Groups["mid"].Value, CultureInfo.InvariantCulture));
            }
            else if (SentTo(line, "Received PUBCOMP from ", clientId) && PubCompPattern().Match(line) is { Success: true } complete)
            {
                relSent.Remove(ushort.Parse(complete.Groups["mid"].Value, CultureInfo.InvariantCulture));
            }
        }

        return new MosquittoQos2Audit(violations, exchanges);
    }

    private static bool SentTo(string line, string what, string clientId)
    {
        int at = line.IndexOf(what, StringComparison.Ordinal);
        return at >= 0 && line.AsSpan(at + what.Length).StartsWith(clientId + " ", StringComparison.Ordinal);
    }

    // mosquitto 2.0: "Sending PUBLISH to sub-1 (d1, q2, r0, m1632, 'chaos/c-4', ... (4 bytes))"
    [GeneratedRegex(@"\(d(?<dup>[01]), q(?<qos>[012]), r[01], m(?<mid>\d+),")]
    private static partial Regex PublishPattern();

    // "Sending PUBREL to sub-1 (m1632)"
    [GeneratedRegex(@"PUBREL to \S+ \(m(?<mid>\d+)")]
    private static partial Regex PubRelPattern();

    // "Received PUBCOMP from sub-1 (Mid: 1632, RC:0)"
    [GeneratedRegex(@"PUBCOMP from \S+ \(Mid: (?<mid>\d+)")]
    private static partial Regex PubCompPattern();
}
