using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// Issue 5's benchmark: with background telemetry through mosquitto (20,000 messages/s by default, every one a reading
/// the rules watch), the time from an alarm-raising message leaving the publisher to its ticket being stored, and to
/// its first notification being accepted by a real SMTP server on loopback, over 1,000 alarms on 1,000 machines.
/// Times come from one clock: the publisher's, and the hub's own records (ticket created_at, outbox sent_at).
/// Issue 20 item 1: run once per path of the readings to the rules (RulesBenchmark.Paths.cs), in the same run.
/// </summary>
internal static partial class RulesBenchmark
{
    private const int BackgroundAssets = 200;
    private static readonly TimeSpan AlarmSpacing = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    private static async Task<IReadOnlyList<string>> RunPathAsync(BenchSettings settings, RulesPath path, BenchStore store, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var folder = Path.Combine(settings.WorkFolder, "rules-" + path.Name + (store.IsPostgreSql ? "-pg" : ""));
        var data = Path.Combine(folder, "hub");
        var repo = Path.GetFullPath(Path.Combine(settings.ScriptsFolder, "..", ".."));
        Directory.CreateDirectory(Path.Combine(data, "rules"));
        await File.WriteAllTextAsync(Path.Combine(data, "rules", "bench.yaml"), """
            rules:
              - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: warning,
                  text: { en: overheating, zh-CN: 温度过高 } }
            """, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(data, "notifications"));
        foreach (var file in Directory.GetFiles(Path.Combine(repo, "deploy", "demo", "notifications")))
        {
            File.Copy(file, Path.Combine(data, "notifications", Path.GetFileName(file)), overwrite: true);
        }

        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "mosquitto"), cancellationToken).ConfigureAwait(false);
        var smtpPort = Mosquitto.FreeLoopbackPort();
        await using var smtp = BackgroundProcess.Start(ChildProcess.Program("/usr/bin/python3",
            Path.Combine(repo, "tests", "IntegrationHub.Tests.Common", "Smtp", "smtp_server.py"), "--port", smtpPort.ToString(i), "--mail-dir", Path.Combine(folder, "mail")));
        await smtp.WaitForLineAsync("READY", TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);

        const string clientId = "bench-hub-rules";
        string[] hubSettings =
        [
            .. MqttHub.Settings(settings, data, broker, clientId),
            .. store.HubArguments,
            "--Hub:Rules:TickInterval=00:00:01",
            "--Hub:Rules:AtIngest=" + (path.AtIngest ? "true" : "false"),
            "--Hub:Notifications:Channels:mail:Kind=smtp",
            "--Hub:Notifications:Channels:mail:Host=127.0.0.1",
            "--Hub:Notifications:Channels:mail:Port=" + smtpPort.ToString(i),
            "--Hub:Notifications:Channels:mail:Tls=None",
            "--Hub:Notifications:Channels:mail:From=hub@bench.test",
            "--Hub:Notifications:Desk:Channel=mail",
            "--Hub:Notifications:Desk:Recipients:0=desk@bench.test",
            .. HubTimeline.HubSettings,
        ];
        await using var hub = await MqttHub.StartSubscribedAsync(
            settings, broker, clientId, hubSettings, Path.Combine(folder, "hub.log"), TimeSpan.FromSeconds(30), cancellationToken, store.Environment).ConfigureAwait(false);

        await using var background = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "bench-background" }, (_, _) => ValueTask.CompletedTask);
        await using var alarms = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "bench-alarms" }, (_, _) => ValueTask.CompletedTask);
        await background.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await alarms.ConnectAsync(cancellationToken).ConfigureAwait(false);

        using var health = new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var before = await SampleAsync(hub, health, cancellationToken).ConfigureAwait(false);
        // The hub's own figures every second until the last mail is in, to set beside each alarm (AlarmOrderReport).
        using var stopTimeline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timelineRun = HubTimeline.SampleUntilCancelledAsync(hub, health, stopTimeline.Token);
        using var stopBackground = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var backgroundStart = DateTimeOffset.UtcNow;
        var backgroundRun = RunBackgroundAsync(background, settings.RuleBackgroundRate, stopBackground.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);

        var sentAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var sentInOrder = new List<(string Asset, DateTimeOffset At)>(settings.RuleAlarms);
        var pace = Stopwatch.StartNew();
        for (var n = 0; n < settings.RuleAlarms; n++)
        {
            var asset = string.Create(i, $"EQ-AL-{n:00000}");
            var now = DateTimeOffset.UtcNow;
            sentAt[asset] = now;
            sentInOrder.Add((asset, now));
            await alarms.PublishAsync(new MqttApplicationMessage($"plant/BENCH/{asset}/telemetry", Payload(now, 99.5), MqttQualityOfService.AtLeastOnce), cancellationToken).ConfigureAwait(false);
            var wait = (AlarmSpacing * (n + 1)) - pace.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        await stopBackground.CancelAsync().ConfigureAwait(false);
        var (backgroundSent, backgroundSeconds) = await backgroundRun.ConfigureAwait(false);
        var during = await SampleAsync(hub, health, cancellationToken).ConfigureAwait(false);

        var database = store.ConnectionString ?? Path.Combine(data, "hub.db");
        var drained = Stopwatch.StartNew();
        Dictionary<string, DateTimeOffset> tickets = [];
        Dictionary<string, DateTimeOffset> mails = [];
        while (drained.Elapsed < DrainLimit)
        {
            (tickets, mails) = await ReadOutcomesAsync(store.IsPostgreSql, database, cancellationToken).ConfigureAwait(false);
            if (tickets.Count >= settings.RuleAlarms && mails.Count >= settings.RuleAlarms)
            {
                break;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }

        var after = await SampleAsync(hub, health, cancellationToken).ConfigureAwait(false);
        await stopTimeline.CancelAsync().ConfigureAwait(false);
        var timeline = await timelineRun.ConfigureAwait(false);
        var peak = hub.PeakMiB();
        var ticketMs = sentAt.Where(p => tickets.ContainsKey(p.Key)).Select(p => (tickets[p.Key] - p.Value).TotalMilliseconds).Order().ToList();
        var mailMs = sentAt.Where(p => mails.ContainsKey(p.Key)).Select(p => (mails[p.Key] - p.Value).TotalMilliseconds).Order().ToList();
        var rate = backgroundSent / backgroundSeconds;
        path.Record(ticketMs, mailMs, during.Minus(before), after.Minus(before), backgroundSeconds);
        return
        [
            string.Create(i, $"### Rules on {store.Name} ({path.Title}): alarm to ticket and to notification, {settings.RuleAlarms:N0} alarms under {settings.RuleBackgroundRate:N0} background messages/s"),
            "",
            string.Create(i, $"Background: {BackgroundAssets} machines publishing one temperature reading a message at QoS 0 through mosquitto, every one watched by the rule (below its limit), paced at {settings.RuleBackgroundRate:N0}/s; achieved {rate:N0}/s ({backgroundSent:N0} messages in {backgroundSeconds:0.0} s)."),
            string.Create(i, $"Alarms: one QoS 1 message at 99.5 °C for each of {settings.RuleAlarms:N0} machines, {AlarmSpacing.TotalMilliseconds:0} ms apart; rule `threshold > 90`, no debounce; each makes one ticket and one desk e-mail through a real SMTP server on loopback (python3-aiosmtpd, plain)."),
            "Ticket: from the publisher's clock just before PUBLISH to the ticket row's created_at (the hub's clock, same machine). Notification: to the outbox row's sent_at (the SMTP server accepted the message). A single run.",
            "",
            "| measure | alarms | p50 ms | p99 ms | max ms | aim |",
            "|---|---:|---:|---:|---:|---|",
            Row("message -> ticket stored", ticketMs, settings.RuleAlarms, 250),
            Row("message -> first notification sent", mailMs, settings.RuleAlarms, 1000),
            "",
            string.Create(i, $"Hub peak RSS {peak:0.0} MiB. {path.Describe()}"),
            "",
            .. AlarmOrderReport.Lines(sentInOrder, tickets, mails, timeline, backgroundStart, settings.RuleBackgroundRate, before.Stored),
        ];
    }

    private static string Row(string what, List<double> values, int expected, double aimMs)
    {
        var i = CultureInfo.InvariantCulture;
        if (values.Count == 0)
        {
            return $"| {what} | 0 of {expected} | - | - | - | p99 < {aimMs} ms: MISSED (none arrived) |";
        }

        var p99 = Percentile(values, 0.99);
        var met = values.Count == expected && p99 < aimMs;
        var verdict = met ? "met" : values.Count == expected ? string.Create(i, $"MISSED, p99 {p99 / aimMs:0.0}x the aim") : "MISSED (not all arrived)";
        return string.Create(i, $"| {what} | {values.Count:N0} of {expected:N0} | {Percentile(values, 0.5):0.0} | {p99:0.0} | {values[^1]:0.0} | p99 < {aimMs:0} ms: {verdict} |");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static ReadOnlyMemory<byte> Payload(DateTimeOffset at, double value) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$"""{"ts":"{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}}","readings":[{"metric":"temperature","value":{{value:0.0}},"unit":"°C"}]}"""));

    private static async Task<(long Sent, double Seconds)> RunBackgroundAsync(MqttClient client, int rate, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * rate);
                while (sent < due)
                {
                    var asset = string.Create(CultureInfo.InvariantCulture, $"EQ-BG-{sent % BackgroundAssets:000}");
                    await client.PublishAsync(new MqttApplicationMessage($"plant/BENCH/{asset}/telemetry", Payload(DateTimeOffset.UtcNow, 60 + (sent % 20)), MqttQualityOfService.AtMostOnce), cancellationToken).ConfigureAwait(false);
                    sent++;
                }

                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return (sent, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The tickets' and their first mails' times by machine, from the hub's store (a SQLite file, or a PostgreSQL connection string).</summary>
    private static async Task<(Dictionary<string, DateTimeOffset> Tickets, Dictionary<string, DateTimeOffset> Mails)> ReadOutcomesAsync(
        bool postgreSql, string database, CancellationToken cancellationToken)
    {
        var tickets = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var mails = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using System.Data.Common.DbConnection connection = postgreSql
            ? new NpgsqlConnection(database)
            : new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT t.asset_id, t.created_at, MIN(o.sent_at) FROM tickets t
                LEFT JOIN outbox o ON o.event_key LIKE 'ticket-opened/' || t.ticket_no || '/%' AND o.sent_at IS NOT NULL
                GROUP BY t.asset_id, t.created_at
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var asset = reader.GetString(0);
                tickets[asset] = FromMicros(reader.GetInt64(1));
                if (!reader.IsDBNull(2))
                {
                    mails[asset] = FromMicros(reader.GetInt64(2));
                }
            }
        }

        return (tickets, mails);
    }

    private static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
