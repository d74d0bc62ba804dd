using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// One hub node's outbox dispatcher for tests of several nodes (issue 18 item 3): its own node id, its own store
/// object (its own connections), the demo templates, and an SMTP channel "mail" to a server on loopback, plain.
/// </summary>
internal sealed class OutboxNode : IDisposable
{
    private readonly ServiceProvider _http;
    private readonly ILoggerFactory _loggers;

    private OutboxNode(OutboxDispatcher dispatcher, LogCollector logs, ServiceProvider http, ILoggerFactory loggers)
    {
        Dispatcher = dispatcher;
        Logs = logs;
        _http = http;
        _loggers = loggers;
    }

    public OutboxDispatcher Dispatcher { get; }

    public LogCollector Logs { get; }

    public static OutboxNode Create(
        string nodeId, IOutboxStore outbox, int smtpPort, TimeProvider time, Func<NotificationOptions, NotificationOptions>? configure = null)
    {
        var notifications = new NotificationOptions
        {
            Channels = new()
            {
                ["mail"] = new ChannelSettings
                {
                    Kind = "smtp", Host = "127.0.0.1", Port = smtpPort, Tls = SmtpTlsMode.None, From = "service@hub.test",
                    // A hang guard for the hanging peer: the test releases it long before.
                    Timeout = TimeSpan.FromMinutes(2),
                },
            },
            Customer = new AudienceOptions { Channel = "mail" },
            Desk = new AudienceOptions { Channel = "mail", Recipients = ["desk@hub.test"] },
        };
        var options = new HubOptions
        {
            DataFolder = RulesHub.PrepareFolder(TestRules.Overheat),
            NodeId = nodeId,
            Notifications = configure?.Invoke(notifications) ?? notifications,
        };
        var logs = new LogCollector();
        var loggers = new LoggerFactory([logs]);
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var hubNotifications = new HubNotifications(options, http.GetRequiredService<IHttpClientFactory>(), time, loggers);
        var dispatcher = new OutboxDispatcher(hubNotifications, options, outbox, time, new WorkSignal(), loggers.CreateLogger<OutboxDispatcher>());
        return new OutboxNode(dispatcher, logs, http, loggers);
    }

    /// <summary>
    /// Runs claims until the store holds no pending message; returns how many messages this node's claims handled.
    /// </summary>
    public async Task<int> DrainAsync(IOutboxStore outbox, CancellationToken cancellationToken)
    {
        var handled = 0;
        while ((await outbox.CountsAsync(cancellationToken)).GetValueOrDefault("Pending") > 0)
        {
            var count = await Dispatcher.RunOnceAsync(cancellationToken);
            handled += count;
            if (count == 0)
            {
                // A poll interval inside a condition wait: the other node holds what is left; the caller's token is the hang guard.
                await Task.Delay(20, cancellationToken);
            }
        }

        return handled;
    }

    /// <summary>A count of the dispatcher's status (sent, claimsTakenOver, outcomesNotRecorded...).</summary>
    public long Count(string name) => Dispatcher.GetStatus().Counts[name];

    public void Dispose()
    {
        Dispatcher.Dispose();
        _loggers.Dispose();
        _http.Dispose();
    }

    /// <summary>A message enqueued for <paramref name="audience"/>, due at <paramref name="at"/>.</summary>
    public static OutboxMessage Message(string id, DateTimeOffset at, string audience = Audiences.Desk, string? customer = null) => new()
    {
        Id = id,
        EventKey = $"ticket-opened/{id}/{audience}/mail",
        Channel = "mail",
        Audience = audience,
        CustomerCode = customer,
        Subject = $"message {id}",
        Body = $"Body of {id}.",
        Recipients = [audience == Audiences.Customer ? $"buyer@{customer?.ToLowerInvariant()}.test" : "desk@hub.test"],
        NextAttemptAt = at,
        CreatedAt = at,
    };

    /// <summary>Queues messages in one rules unit of work, as the rules stage does.</summary>
    public static async Task EnqueueAsync(IRulesStore rules, IEnumerable<OutboxMessage> messages)
    {
        await using var unitOfWork = await rules.BeginAsync(CancellationToken.None);
        foreach (var message in messages)
        {
            Assert.True(await unitOfWork.EnqueueAsync(message, CancellationToken.None));
        }

        await unitOfWork.CommitAsync(CancellationToken.None);
    }
}
