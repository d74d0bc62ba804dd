using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// A session without subscriptions (the MES hot standby, issue 18 item 1) keeps itself alive: the server would close
/// a session that sends no request for its timeout (Part 4 5.6.2), and a standby sends no Publish requests.
/// </summary>
[Collection(MesServerCollection.Name)]
public sealed class SessionKeepAliveTests(MesOpcUaServerFixture fixture)
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    [Fact]
    public async Task IdleSession_OutlivesItsTimeoutByServerTime_ThenSubscribesOnTheSameSession()
    {
        var timeout = TimeSpan.FromSeconds(3);
        await using var probe = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl }, _ct);
        await using var client = await OpcUaClient.ConnectAsync(
            new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl, SessionTimeout = timeout, SessionKeepAliveInterval = TimeSpan.FromMilliseconds(200) }, _ct);
        Assert.Equal(timeout, client.RevisedSessionTimeout);
        var session = client.SessionId;

        // Twice the session timeout by the server's own clock, with no subscription: a session that sent nothing would
        // have been closed by now. (A poll interval inside a condition wait; the test's token is the hang guard.)
        var start = await ServerTimeAsync(probe);
        while (await ServerTimeAsync(probe) - start < timeout * 2)
        {
            await Task.Delay(200, _ct);
        }

        Assert.True(client.KeepAliveCount > 0);
        var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
        Assert.Equal(2, (await SubscriptionTests.CollectAsync(subscription, 2, TimeSpan.FromSeconds(30), _ct)).Count);
        Assert.Equal(session, client.SessionId);
        Assert.Equal((1, 0, ConnectionState.Connected), (client.SessionsCreated, client.ReconnectCount, client.State));
    }

    [Fact]
    public async Task KeepAliveInterval_IsTheSettingOrAThirdOfTheGrantedTimeout()
    {
        await using var idle = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl }, _ct);
        Assert.Equal(TimeSpan.FromSeconds(10), idle.KeepAliveInterval);
        await using var short_ = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl, SessionTimeout = TimeSpan.FromSeconds(6) }, _ct);
        Assert.Equal(TimeSpan.FromSeconds(2), short_.KeepAliveInterval);
    }

    [Fact]
    public async Task KeepAlive_GoesByTheClientsClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Request timeouts go by the same clock: long enough that the steps below never time out a read in flight.
        await using var client = await OpcUaClient.ConnectAsync(
            new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl, TimeProvider = clock, RequestTimeout = TimeSpan.FromDays(1) }, _ct);
        Assert.Equal(0, client.KeepAliveCount);

        // Each step is one interval on the fake clock; a step taken before the loop waits again is simply repeated
        // (a poll interval inside a condition wait; the test's token is the hang guard).
        while (client.KeepAliveCount < 3)
        {
            clock.Advance(client.KeepAliveInterval);
            await Task.Delay(20, _ct);
        }

        Assert.Equal((1, 0), (client.SessionsCreated, client.ReconnectCount));
    }

    private async Task<DateTime> ServerTimeAsync(OpcUaClient probe) =>
        (DateTime)(await probe.ReadValueAsync(WellKnownNodeIds.ServerCurrentTime, _ct)).Value.Value!;
}
