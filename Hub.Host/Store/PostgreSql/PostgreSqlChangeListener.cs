using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The PostgreSQL half of the change feed (issue 18 item 4): ONE connection per node that LISTENs on
/// <see cref="Channel"/> and hands each notification to <see cref="ChangeFanOut"/>, whatever the number of open pages.
/// The schema's triggers (step "change notifications for live pages") send them in the writing transaction.
/// </summary>
/// <remarks>
/// PostgreSQL's NOTIFY semantics decide the shape (SQL command reference, NOTIFY): a notification is delivered only
/// when its transaction commits, identical ones of one transaction are folded into one, and a session that is not
/// listening gets nothing, not even later. So after every (re)connection, once LISTEN is in place, every subscriber is
/// told to re-read once (<see cref="ChangeKind.Everything"/>): what changed while nobody listened is read then.
/// </remarks>
internal sealed class PostgreSqlChangeListener(
    PostgreSqlConnections connections, ChangeFanOut fanOut, HubOptions options, TimeProvider time, ILogger<PostgreSqlChangeListener> logger)
    : BackgroundService
{
    /// <summary>The channel the schema's triggers notify on.</summary>
    public const string Channel = "hub_changes";

    /// <summary>The prefix of the listening connection's application_name (pg_stat_activity shows one per node).</summary>
    public const string ApplicationNamePrefix = "integrationhub-changes:";

    // A quiet connection is probed this often, so that a connection lost without a word (a dead network) is noticed.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    /// <summary>The listening connection's application_name: the prefix and the node id, within PostgreSQL's 63 bytes.</summary>
    public string ApplicationName { get; } = Truncate(ApplicationNamePrefix + options.NodeId, 63);

    /// <summary>The delay before the <paramref name="attempt"/>-th reconnection: 0.5 s doubling to 30 s.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Min(attempt - 1, 10)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var everListened = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await connections.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        Pg.BatchCommand("SELECT set_config('application_name', $1, false)", Pg.Text(ApplicationName)),
                        new NpgsqlBatchCommand("LISTEN " + Channel),
                    },
                })
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                // Logged before the state changes, so that whoever sees Listening on /health finds the log entry too.
                if (everListened)
                {
                    ChangeFeedLog.Resumed(logger, failures, fanOut.Status.Subscribers);
                }
                else
                {
                    ChangeFeedLog.Listening(logger, Channel, ApplicationName);
                }

                fanOut.SetState(ChangeFeedState.Listening);
                // LISTEN is in place: from here on nothing is missed, so a re-read now covers the time before it.
                fanOut.Publish(ChangeNotice.Everything);

                everListened = true;
                failures = 0;
                while (true)
                {
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken).ConfigureAwait(false))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        await probe.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff(failures);
                var error = connections.Scrub(ex.Message);
                fanOut.SetState(ChangeFeedState.Reconnecting, error);
                if (StoreFaults.IsTransient(ex) || ex is NpgsqlException or IOException or TimeoutException)
                {
                    ChangeFeedLog.Lost(logger, error, failures, delay);
                }
                else
                {
                    ChangeFeedLog.Failed(logger, ex, error, failures, delay);
                }

                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await CloseAsync(connection).ConfigureAwait(false);
                }
            }
        }

        fanOut.SetState(ChangeFeedState.Stopped);
    }

    /// <summary>Turns a notification's payload back into a notice: a kind letter and the key (see the schema's triggers).</summary>
    internal static ChangeNotice? Parse(string payload) => payload.Length == 0 ? null : payload[0] switch
    {
        'o' when payload.Length > 1 => new ChangeNotice(ChangeKind.Order, payload[1..]),
        't' when payload.Length > 1 => new ChangeNotice(ChangeKind.Ticket, payload[1..]),
        'c' when payload.Length == 1 => ChangeNotice.Credentials,
        '*' when payload.Length == 1 => ChangeNotice.Everything,
        _ => null,
    };

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // Npgsql raises this on the connection's reading path: Publish only pulses each subscriber, it never waits.
        if (Parse(e.Payload) is { } notice)
        {
            fanOut.Publish(notice);
        }
        else
        {
            ChangeFeedLog.UnknownNotice(logger, e.Payload.Length, e.Channel);
            fanOut.Publish(ChangeNotice.Everything);
        }
    }

    // The connection goes back to the store's pool (which keeps session state, NoResetOnClose): it stops listening and
    // takes the pool's application_name again first. A broken connection is simply dropped by the pool.
    private static async Task CloseAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var reset = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection);
                await reset.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // Broken meanwhile: the pool discards it.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private static string Truncate(string text, int maxBytes)
    {
        while (System.Text.Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            text = text[..^1];
        }

        return text;
    }
}
