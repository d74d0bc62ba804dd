using System.Globalization;
using System.Text.RegularExpressions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// Issue 16 item 17: two clients with the same client id took the session from each other 70-180 times a second,
/// because the first retry was immediate and the backoff restarted after every CONNACK. Counted, not timed: every
/// reconnect must be preceded by a backoff step, the steps keep growing, and the takeover is reported once as a
/// configuration error naming the client id.
/// </summary>
public sealed partial class SessionTakeoverTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    private const int ConnectedEvent = 4301;
    private const int ReconnectDelayedEvent = 4321;
    private const int TakenOverEvent = 4322;

    [Fact]
    public async Task TwoClientsSameId_V5_BackoffGrowsAcrossConnacks_TakeoverReportedOnceAsConfigurationError()
    {
        string clientId = TestClients.NewId("twin");
        var logA = new ListLogger();
        var logB = new ListLogger();
        MqttClientOptions Options(ListLogger log) => TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500, clientId) with
        {
            Logger = log,
            Reconnect = new MqttReconnectOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(50),
                MaximumDelay = TimeSpan.FromMilliseconds(800),
                UseJitter = false,
            },
        };

        await using var a = new MqttClient(Options(logA), (_, _) => ValueTask.CompletedTask);
        await using var b = new MqttClient(Options(logB), (_, _) => ValueTask.CompletedTask);
        await a.ConnectAsync();
        await b.ConnectAsync();

        // Observe until each side has been taken over at least four times.
        await Eventually.WaitAsync(
            () => Count(logA, ReconnectDelayedEvent) >= 4 && Count(logB, ReconnectDelayedEvent) >= 4,
            TimeSpan.FromSeconds(90),
            () => $"backoff steps A {Count(logA, ReconnectDelayedEvent)}, B {Count(logB, ReconnectDelayedEvent)}; connects A {Count(logA, ConnectedEvent)}, B {Count(logB, ConnectedEvent)}");
        await a.DisconnectAsync();
        await b.DisconnectAsync();

        foreach ((string name, ListLogger log) in new[] { ("A", logA), ("B", logB) })
        {
            List<int> steps = [.. log.Entries.Where(e => e.EventId == ReconnectDelayedEvent).Select(e => int.Parse(StepPattern().Match(e.Message).Groups[1].Value, CultureInfo.InvariantCulture))];
            List<TimeSpan> delays = [.. log.Entries.Where(e => e.EventId == ReconnectDelayedEvent).Select(e => TimeSpan.Parse(DelayPattern().Match(e.Message).Groups[1].Value, CultureInfo.InvariantCulture))];

            // The backoff never restarted after a CONNACK: steps rising from 1, delays doubling up to the cap.
            Assert.Equal(1, steps[0]);
            Assert.Equal(steps.Distinct().Order(), steps);
            Assert.Equal(delays.Order(), delays);
            Assert.True(delays[^1] >= TimeSpan.FromMilliseconds(400), name + ": delays did not grow: " + string.Join(", ", delays));

            // Every connect after the first waited for a backoff step first (at most one more: a connect in progress).
            int connects = Count(log, ConnectedEvent);
            Assert.InRange(connects - 1, steps.Count - 1, steps.Count);

            // Reported once, naming the client id.
            Assert.True(Count(log, TakenOverEvent) == 1, name + ": " + string.Join(" | ", log.Entries.Where(e => e.EventId is 4302 or TakenOverEvent).Select(e => e.Message).Take(4)));
            Assert.Contains(clientId, log.Entries.Single(e => e.EventId == TakenOverEvent).Message, StringComparison.Ordinal);
        }

        Assert.Contains(clientId, a.Health.ConfigurationError ?? b.Health.ConfigurationError ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("same client id", a.Health.ConfigurationError ?? b.Health.ConfigurationError ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerSendsDisconnect0x8E_ReportedAsConfigurationError_ReconnectWaitsForBackoff()
    {
        await using var broker = new Client.FakeBroker();
        var log = new ListLogger();
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V500, "taken-over") with { Logger = log };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using (Client.FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500))
        {
            await session.HandshakeAsync("2003000000");
            await connecting;
            await session.SendAsync("e002 8e00"); // DISCONNECT, session taken over, no properties
            await Eventually.WaitAsync(() => Count(log, ReconnectDelayedEvent) == 1, TimeSpan.FromSeconds(60), () => string.Join(" | ", log.Entries.Select(e => e.Message)));
        }

        Assert.Contains("'taken-over'", client.Health.ConfigurationError, StringComparison.Ordinal);
        Assert.Contains("0x8E", client.Health.ConfigurationError, StringComparison.Ordinal);
        Assert.Equal(1, Count(log, TakenOverEvent));

        // The reconnect came only after the backoff step (no immediate retry) and is welcome.
        await using Client.FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await again.HandshakeAsync("2003000000");
        await Eventually.WaitAsync(() => Count(log, ConnectedEvent) == 2, TimeSpan.FromSeconds(60), () => "no reconnect");
        Assert.Equal(1, Count(log, ReconnectDelayedEvent));
    }

    private static int Count(ListLogger log, int eventId) => log.Entries.Count(e => e.EventId == eventId);

    [GeneratedRegex(@"backoff step (\d+),")]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"next try in (\S+)$")]
    private static partial Regex DelayPattern();
}
