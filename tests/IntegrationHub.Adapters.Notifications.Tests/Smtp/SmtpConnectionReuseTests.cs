using System.Net;
using System.Net.Sockets;
using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>
/// Issue 21 item 2: a batch goes over one connection (the old client connected, did TLS and AUTH for every message),
/// counted at the server; a kept connection that died, a server that drops mid-DATA and a silent server each fail
/// one message only, and the next one gets a fresh connection.
/// </summary>
public sealed class SmtpConnectionReuseTests
{
    [Fact]
    public async Task Send_TenMessagesOneAfterAnother_OneConnection()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server);

        for (var i = 0; i < 10; i++)
        {
            var result = await channel.SendAsync(new RenderedMessage($"Ticket T-{i}", "b", ["kehu@example.cn"]) { Key = $"m{i}" }, CancellationToken.None);
            Assert.True(result.Delivered, result.Error);
        }

        var mails = server.Messages();
        Assert.Equal(10, mails.Count);
        Assert.Equal([1], mails.Select(m => m.Connection).Distinct());
        Assert.Equal(1, server.Connections().Opened);
        // Each keeps its own Message-ID on the shared connection.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"<outbox.m{i}@hub.example>"), mails.Select(m => m.MessageId!));
    }

    [Fact]
    public async Task Send_FourAtATime_NoMoreConnectionsThanSendersAtOnce()
    {
        // The outbox sends four messages at once; three rounds of four reuse the first round's connections.
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server);

        for (var round = 0; round < 3; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
                channel.SendAsync(new RenderedMessage($"Ticket {round}-{i}", "b", ["kehu@example.cn"]), CancellationToken.None)));
            Assert.All(results, r => Assert.True(r.Delivered, r.Error));
        }

        Assert.Equal(12, server.Messages().Count);
        Assert.InRange(server.Connections().Opened, 1, 4);
    }

    [Fact]
    public async Task Send_ServerClosedTheKeptConnection_TheNextMessageGoesOnANewOne()
    {
        // Plain, so that the server's close ends the TCP connection at once (over TLS, aiosmtpd's close waits for the
        // client's close_notify, which an idle client never reads).
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { Tls = false, Auth = false, IdleTimeout = TimeSpan.FromSeconds(3) });
        var log = new CapturedLogger<SmtpChannel>();
        await using var channel = TestChannels.For(server, s => s with { Tls = SmtpTlsMode.None, UserName = null, Password = null }, log);

        Assert.True((await channel.SendAsync(new RenderedMessage("first", "b", ["kehu@example.cn"]), CancellationToken.None)).Delivered);
        Assert.True(await TestChannels.EventuallyAsync(() => server.Connections().Closed == 1), "the server never closed the idle connection");
        var second = await channel.SendAsync(new RenderedMessage("second", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(second.Delivered, second.Error);
        Assert.Equal([1, 2], server.Messages().Select(m => m.Connection));
        Assert.Equal(2, server.Connections().Opened);
        Assert.Contains(log.Inner.Entries, e => e.EventId == 4331);
    }

    [Fact]
    public async Task Send_ServerClosesMidData_TransientNothingKept_TheNextMessageOnANewConnection()
    {
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { CloseMidData = 1 });
        await using var channel = TestChannels.For(server);

        var broken = await channel.SendAsync(new RenderedMessage("first", "b", ["kehu@example.cn"]), CancellationToken.None);
        var next = await channel.SendAsync(new RenderedMessage("second", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(broken.Delivered);
        Assert.True(broken.IsTransient, broken.Error);
        Assert.Contains($"127.0.0.1:{server.Port}", broken.Error, StringComparison.Ordinal);
        Assert.True(next.Delivered, next.Error);
        var mail = Assert.Single(server.Messages());
        Assert.Equal("second", mail.Subject);
        Assert.Equal(2, mail.Connection);
    }

    [Fact]
    public async Task Send_RefusedByTheServer_TheConnectionIsNotHandedToTheNextMessage()
    {
        // A 451 leaves the transaction's state to the server; the next message starts clean on a new connection.
        await using var server = await SmtpTestServer.StartAsync(failWith: "451 4.3.0 try again later");
        await using var channel = TestChannels.For(server);

        var first = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);
        var second = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(first.IsTransient, first.Error);
        Assert.Contains("the server refused the message: 451", first.Error, StringComparison.Ordinal);
        Assert.True(second.IsTransient, second.Error);
        Assert.Equal(2, server.Connections().Opened);
    }

    [Fact]
    public async Task DisposeAsync_ClosesTheKeptConnection()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var channel = TestChannels.For(server);
        Assert.True((await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None)).Delivered);
        Assert.Equal((1, 0), server.Connections());

        await channel.DisposeAsync();

        Assert.True(await TestChannels.EventuallyAsync(() => server.Connections().Closed == 1), "the kept connection stayed open");
    }

    [Fact]
    public async Task Send_ServerThatAcceptsButNeverGreets_TransientNamingTheTimeout()
    {
        // A peer that takes the TCP connection and says nothing: only the command timeout ends the attempt.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var channel = new SmtpChannel("mail", new SmtpSettings { Host = "127.0.0.1", Port = port, Tls = SmtpTlsMode.None, From = "service@hub.example", Timeout = TimeSpan.FromSeconds(1) },
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpChannel>.Instance);

        var send = channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);
        using var accepted = await silent.AcceptTcpClientAsync();
        var result = await send;

        Assert.False(result.Delivered);
        Assert.True(result.IsTransient, result.Error);
        Assert.Contains($"127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.Contains("did not answer within 00:00:01", result.Error, StringComparison.Ordinal);
    }
}
