using System.Diagnostics;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// One subscriber of the mqtt benchmark as a program: <see cref="Start"/> gives the process for a client id, a QoS and a
/// mode (live: subscribed while the publisher sends; prepare: subscribe with a persistent session and leave; drain:
/// resume it and count what the broker queued). Every one prints READY once subscribed and one BENCH-RESULT line.
/// </summary>
internal sealed record SubscriberProgram(string Name, string Key, Func<string, int, string, ProcessStartInfo> Start)
{
    /// <summary>Gets a value indicating whether this is the hub's own client (the yardstick of every ratio).</summary>
    public bool IsBare => Key == "bare";
}
