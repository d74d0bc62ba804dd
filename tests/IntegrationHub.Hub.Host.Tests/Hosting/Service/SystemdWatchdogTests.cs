using System.Net.Sockets;
using System.Text;
using IntegrationHub.Hub.Host.Hosting.Service;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Hosting.Service;

/// <summary>
/// The systemd watchdog pings (issue 19 item 1) against a real Unix datagram socket standing where systemd's
/// NOTIFY_SOCKET would be; time is a manual clock, so "every half timeout" is counted, not waited for.
/// </summary>
public sealed class SystemdWatchdogTests : IDisposable
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("hub-watchdog-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Start_EveryHalfTimeout_SendsWatchdogDatagram_AndNoneAfterStop()
    {
        string path = Path.Combine(_folder, "notify");
        using var systemd = Bind(new UnixDomainSocketEndPoint(path));
        var clock = new ManualTimeProvider();
        var logger = new ListLogger();
        using var watchdog = new SystemdWatchdog(new SystemdWatchdogSettings(path, TimeSpan.FromSeconds(30)), clock, logger);

        await watchdog.StartAsync(CancellationToken.None);
        // One ping at start, then one per 15 s (half of 30 s): 4 pings after 45 s. The clock moves one interval at a
        // time: a manual clock fires a periodic timer once per step.
        clock.Advance(TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromSeconds(15));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal("WATCHDOG=1", await ReceiveAsync(systemd));
        }

        await watchdog.StopAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        // Datagrams queue in order: had the stopped watchdog sent anything, it would come before this marker.
        using (var marker = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            marker.SendTo("marker"u8.ToArray(), new UnixDomainSocketEndPoint(path));
        }

        Assert.Equal("marker", await ReceiveAsync(systemd));
        Assert.Contains(logger.Entries, e => e.EventId == 1810 && e.Message.Contains("00:00:15", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_AbstractSocketName_SendsToAbstractNamespace()
    {
        // sd_notify(3): NOTIFY_SOCKET "@name" is the abstract socket "\0name".
        string name = "hub-watchdog-test-" + Guid.NewGuid().ToString("N");
        using var systemd = Bind(new UnixDomainSocketEndPoint("\0" + name));
        var clock = new ManualTimeProvider();
        using var watchdog = new SystemdWatchdog(new SystemdWatchdogSettings("@" + name, TimeSpan.FromSeconds(10)), clock, new ListLogger());

        await watchdog.StartAsync(CancellationToken.None);

        Assert.Equal("WATCHDOG=1", await ReceiveAsync(systemd));
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Ping_SocketGone_LogsOnceThenRecovers()
    {
        string path = Path.Combine(_folder, "notify");
        var clock = new ManualTimeProvider();
        var logger = new ListLogger();
        using var watchdog = new SystemdWatchdog(new SystemdWatchdogSettings(path, TimeSpan.FromSeconds(2)), clock, logger);

        // No socket yet: three failed pings (at start, after 1 s, after 2 s), one warning.
        await watchdog.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(logger.Entries, e => e.EventId == 1811);

        using var systemd = Bind(new UnixDomainSocketEndPoint(path));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("WATCHDOG=1", await ReceiveAsync(systemd));
        Assert.Single(logger.Entries, e => e.EventId == 1812);
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(null, null, null, false, false)]
    [InlineData("/run/systemd/notify", null, null, false, false)]
    [InlineData("/run/systemd/notify", "30000000", "1", false, false)]
    [InlineData("/run/systemd/notify", "thirty", null, false, true)]
    [InlineData("/run/systemd/notify", "0", null, false, true)]
    [InlineData(null, "30000000", null, false, true)]
    [InlineData("/run/systemd/notify", "30000000", null, true, false)]
    [InlineData("/run/systemd/notify", "30000000", "4242", true, false)]
    public void From_Environment_KeepsOnlyAWatchdogForThisProcess(string? socket, string? usec, string? pid, bool kept, bool problem)
    {
        var variables = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = socket, ["WATCHDOG_USEC"] = usec, ["WATCHDOG_PID"] = pid };
        var settings = SystemdWatchdogSettings.From(name => variables.GetValueOrDefault(name), processId: 4242, out string? why);

        Assert.Equal(kept, settings is not null);
        Assert.Equal(problem, why is not null);
        if (settings is not null)
        {
            Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
            Assert.Equal(TimeSpan.FromSeconds(15), settings.Interval);
        }
    }

    private static Socket Bind(UnixDomainSocketEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(endpoint);
        return socket;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        using var guard = new CancellationTokenSource(s_hangGuard);
        var buffer = new byte[256];
        // The token alone did not end a receive that never got a datagram (seen with the watchdog broken on purpose:
        // the test ran on for minutes); WaitAsync ends the wait whatever the socket does, and the caller's `using`
        // closes the socket under the pending receive.
        int received = await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token).AsTask().WaitAsync(s_hangGuard);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }
}
