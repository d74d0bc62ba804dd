using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;
using IntegrationHub.Tests.Common.Patroni;
using Npgsql;

namespace IntegrationHub.Bench.Nodes;

/// <summary>
/// Issue 18's second fail-over time: "PostgreSQL primary kill to ingest resumed (median of 5)". The tests' Patroni
/// cluster (<see cref="PatroniCluster"/>: etcd and two Patroni-managed PostgreSQL nodes from Debian's packages, in
/// synchronous mode, deploy/ha/patroni.yml.template), one <c>hub run</c> on the multi-host connection string, QoS 1
/// readings published at a steady rate through mosquitto. Each round kills the primary's postmaster with SIGKILL and
/// times until the new primary holds <see cref="ResumedAfter"/> readings published after the kill; Patroni then
/// rewinds the killed node and starts it as the standby, and the next round waits until it streams again.
/// </summary>
internal static partial class FailoverBenchmark
{
    /// <summary>
    /// Readings published after the kill that must be on the new primary to call the ingest resumed: more than one,
    /// so that a commit that reached the standby's WAL just before the primary died cannot stand for the hub writing.
    /// </summary>
    private const int ResumedAfter = 100;

    private const string Asset = "EQ-FAILOVER";
    private static readonly TimeSpan ClusterLimit = TimeSpan.FromMinutes(5);

    private static async Task<IReadOnlyList<string>> PostgresFailoverAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var folder = WorkFolder.Fresh(settings, "failover-postgresql");
        var cluster = new PatroniCluster();
        await cluster.InitializeAsync().ConfigureAwait(false);
        var rounds = new List<(string Killed, double PromotedSeconds, double ResumedSeconds, string Load)>();
        long published = 0, stored = -1;
        string? stoppedBy = null;
        try
        {
            const string database = "hub_failover";
            await cluster.CreateDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
            var store = BenchStore.PostgreSql(cluster.ConnectionString(database), database);
            const string clientId = "bench-hub-failover";
            Directory.CreateDirectory(Path.Combine(folder, "hub"));
            await using var hub = await MqttHub.StartSubscribedAsync(
                settings, broker, clientId, [.. MqttHub.Settings(settings, Path.Combine(folder, "hub"), broker, clientId), .. store.HubArguments],
                Path.Combine(folder, "hub.log"), TimeSpan.FromSeconds(60), cancellationToken, store.Environment).ConfigureAwait(false);

            await using var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "bench-failover-device" }, (_, _) => ValueTask.CompletedTask);
            await device.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var publisher = PublishSteadilyAsync(device, settings.FailoverRate, () => Interlocked.Increment(ref published), stopPublishing.Token);

            for (var round = 1; round <= settings.FailoverRounds && stoppedBy is null; round++)
            {
                try
                {
                    rounds.Add(await RoundAsync(cluster, database, round, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // A cluster that does not come back healthy ends the benchmark's rounds, not its report.
                    stoppedBy = string.Create(i, $"round {round} stopped: {ex.Message}");
                    Console.Error.WriteLine("[failover] " + stoppedBy + "\n" + cluster.Logs());
                }
            }

            await stopPublishing.CancelAsync().ConfigureAwait(false);
            await publisher.ConfigureAwait(false);
            if (stoppedBy is null)
            {
                var (last, _) = await cluster.WaitUntilHealthyAsync(cancellationToken).ConfigureAwait(false);
                await WaitForAsync(async () => (stored = await CountAfterAsync(last, database, 0, cancellationToken).ConfigureAwait(false)) >= Interlocked.Read(ref published),
                    "every published reading stored", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        return PostgresReport(settings, rounds, Interlocked.Read(ref published), stored, stoppedBy);
    }

    /// <summary>One kill of the primary: the times to the standby's promotion and to the ingest resumed on it.</summary>
    private static async Task<(string Killed, double PromotedSeconds, double ResumedSeconds, string Load)> RoundAsync(
        PatroniCluster cluster, string database, int round, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ClusterLimit);
        var (primary, standby) = await cluster.WaitUntilHealthyAsync(limit.Token).ConfigureAwait(false);

        // Ingest running on this primary before the kill: readings published in this round are stored there.
        var roundStarted = Micros(DateTimeOffset.UtcNow);
        await WaitForAsync(async () => await CountAfterAsync(primary, database, roundStarted, cancellationToken).ConfigureAwait(false) >= ResumedAfter,
            string.Create(i, $"round {round}: readings stored on the primary {primary.Name}"), cancellationToken).ConfigureAwait(false);

        var killedAt = Micros(DateTimeOffset.UtcNow);
        var killed = Stopwatch.GetTimestamp();
        await cluster.KillPostmasterAsync(primary, cancellationToken).ConfigureAwait(false);
        double promoted = double.NaN, resumed = double.NaN;
        await WaitForAsync(async () =>
        {
            var now = Stopwatch.GetTimestamp();
            if (double.IsNaN(promoted) && (await cluster.MembersAsync(cancellationToken).ConfigureAwait(false)).Any(m => m.IsRunningLeader && m.Name != primary.Name))
            {
                promoted = Stopwatch.GetElapsedTime(killed, now).TotalSeconds;
            }

            if (!double.IsNaN(promoted) && await CountAfterAsync(standby, database, killedAt, cancellationToken).ConfigureAwait(false) >= ResumedAfter)
            {
                resumed = Stopwatch.GetElapsedTime(killed, now).TotalSeconds;
            }

            return !double.IsNaN(resumed);
        }, string.Create(i, $"round {round}: ingest resumed on {standby.Name}"), cancellationToken).ConfigureAwait(false);

        var load = Machine.LoadAverage();
        Console.Error.WriteLine(string.Create(i, $"[failover] PostgreSQL round {round}: killed {primary.Name}'s postgres; {standby.Name} promoted after {promoted:0.00} s, ingest resumed after {resumed:0.00} s; load {load}"));
        return (primary.Name, promoted, resumed, load);
    }

    private static List<string> PostgresReport(
        BenchSettings settings, IReadOnlyList<(string Killed, double PromotedSeconds, double ResumedSeconds, string Load)> rounds, long published, long stored, string? stoppedBy)
    {
        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"### Fail-over of PostgreSQL: kill -9 of the primary to the hub's ingest resumed on the new primary ({settings.FailoverRounds} rounds)"),
            "",
            string.Create(i, $"The tests' Patroni cluster (etcd and two PostgreSQL nodes from Debian's packages on loopback, synchronous mode, deploy/ha/patroni.yml.template with the tests' timers: ttl 20 s, loop_wait 2 s, retry_timeout 5 s, primary_start_timeout 0). One `hub run` on the multi-host connection string (`Target Session Attributes=primary`), subscribed at QoS 1; one device publishing {settings.FailoverRate:N0} readings/s throughout, each stamped with the time it was published. Each round: the cluster healthy (a primary and a streaming synchronous standby), readings being stored; SIGKILL to the primary's postmaster; timed until Patroni's REST API reports the other node as the running leader (promoted), and until that node holds {ResumedAfter} readings published after the kill (ingest resumed; polled every {PollInterval.TotalMilliseconds:0} ms). Patroni then rewinds the killed node and starts it as the standby."),
            "",
            "| round | killed | promoted, s | ingest resumed, s | load average after |",
            "|---:|---|---:|---:|---|",
            .. rounds.Select((r, n) => string.Create(i, $"| {n + 1} | {r.Killed} | {r.PromotedSeconds:0.00} | {r.ResumedSeconds:0.00} | {r.Load} |")),
            "",
            Summary("standby promoted", [.. rounds.Select(r => r.PromotedSeconds)]),
            Summary("ingest resumed", [.. rounds.Select(r => r.ResumedSeconds)]),
            stoppedBy is null
                ? string.Create(i, $"Readings published {published:N0}, stored on the last primary {stored:N0}{(stored == published ? " (every one, once: the table's key is the machine, metric and time)" : " (NOT every one)")}.")
                : "**NOT COMPLETE: " + stoppedBy + "**",
        ];
    }

    /// <summary>Publishes one reading at a time at QoS 1 at <paramref name="rate"/> a second, each stamped with now, until cancelled.</summary>
    private static async Task PublishSteadilyAsync(MqttClient device, int rate, Func<long> sent, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * rate);
                for (; count < due; count++)
                {
                    var ts = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                    var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $$"""{"ts":"{{ts}}","readings":[{"metric":"temperature","value":{{60 + (count % 20)}},"unit":"°C"}]}"""));
                    var result = await device.PublishAsync(new MqttApplicationMessage($"plant/C001/{Asset}/telemetry", payload, MqttQualityOfService.AtLeastOnce), cancellationToken)
                        .ConfigureAwait(false);
                    if (result.IsSuccess)
                    {
                        sent();
                    }
                }

                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Readings of the benchmark's machine stamped after <paramref name="micros"/> on <paramref name="node"/>; -1 while it does not answer as a primary.</summary>
    private static async Task<long> CountAfterAsync(PatroniNode node, string database, long micros, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PatroniCluster.NodeConnectionString(node, database) + ";Timeout=2");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "SELECT CASE WHEN pg_is_in_recovery() THEN -1 ELSE (SELECT count(*) FROM telemetry_readings WHERE asset_id = $1 AND ts > $2) END", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Asset });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = micros });
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (NpgsqlException)
        {
            // Down, restarting or not accepting yet: not resumed there.
            return -1;
        }
    }

    private static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
