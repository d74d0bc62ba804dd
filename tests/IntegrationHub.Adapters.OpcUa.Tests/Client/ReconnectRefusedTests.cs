using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Issue 16 item 10: reconnecting to a server that refuses the user.</summary>
public sealed class ReconnectRefusedTests
{
    private const int Attempts = 6;

    // Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount (UA-Nodeset NodeIds.csv).
    private static readonly NodeId CurrentSessionCount = new(2277);

    private readonly CancellationToken _ct = TestTimeout.Token(180);

    [Fact]
    public async Task PasswordChangedOnServer_EveryAttemptClosesItsSession_RefusalLoggedOnceWithTheSlowRetry()
    {
        await using var before = await MesOpcUaServer.StartAsync(_ct);
        var time = new ManualTimeProvider();
        var log = new ExceptionLogger();
        var options = ReconnectTests.Options(before) with
        {
            UserName = before.UserName,
            Password = before.Password,
            TimeProvider = time,
            Logger = log,
            PermanentFailureRetryDelay = TimeSpan.FromMinutes(3),
        };
        await using var client = await OpcUaClient.ConnectAsync(options, _ct);

        // The server comes back (same port) with the user's password changed: every reconnect is refused.
        await before.StopAsync(_ct);
        await using var after = MesOpcUaServer.Create(before.Port, "--password", "changed-pw");
        await after.StartAgainAsync(_ct);
        await using var observer = await OpcUaClient.ConnectAsync(ReconnectTests.Options(after) with { UserName = after.UserName, Password = "changed-pw" }, _ct);

        // The clock moves only here, and only to a back-off the client is waiting for (never past the timeout of a
        // request in flight). Attempts before the new server was up failed for a reason that retrying cures
        // (connection refused); the count starts at the first refusal.
        while (client.LastError is not OpcUaServiceException { StatusCode.Code: 0x801F0000 })
        {
            time.AdvanceToNextTimer(options.ReconnectMaxDelay);
            await Task.Delay(20, _ct);
        }

        var firstRefusal = client.FailedReconnectAttempts;
        while (client.FailedReconnectAttempts < firstRefusal + Attempts - 1)
        {
            // The long back-off after a refusal; a client that retried sooner would have a short one, let run too.
            if (time.HasTimerDueIn(options.PermanentFailureRetryDelay))
            {
                time.Advance(options.PermanentFailureRetryDelay);
            }
            else
            {
                time.AdvanceToNextTimer(options.ReconnectMaxDelay);
            }

            await Task.Delay(20, _ct);
        }

        Assert.Equal(ConnectionState.Reconnecting, client.State);
        // Only the observer's session is left: none of the refused attempts left one behind.
        var sessions = await observer.ReadValueAsync(CurrentSessionCount, _ct);
        Assert.True(sessions.Status.IsGood, sessions.Status.ToString());
        Assert.True(Convert.ToInt64(sessions.Value.Value, System.Globalization.CultureInfo.InvariantCulture) <= 2,
            $"{sessions.Value.Value} sessions on the server after {client.FailedReconnectAttempts} refused attempts; log: {log.Describe()}");

        // Said once, with the reason, the fix and the slow retry; not once per attempt.
        var refusal = Assert.Single(log.Entries, e => e.EventId == 4113);
        Assert.Contains("BadUserAccessDenied", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("user name and password", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("00:03:00", refusal.Message, StringComparison.Ordinal);
        // Before the server was back, attempts failed for a reason that retrying cures (connection refused); after
        // the refusal, none is reported again.
        var entries = log.Entries.ToList();
        Assert.True(entries.SkipWhile(e => e.EventId != 4113).All(e => e.EventId != 4103), $"log: {log.Describe()}");
        Assert.True(log.Entries.Count(e => e.EventId == 4115) >= Attempts, $"log: {log.Describe()}");
        Assert.Contains("user name and password", client.LastError?.Message, StringComparison.Ordinal);
    }
}
