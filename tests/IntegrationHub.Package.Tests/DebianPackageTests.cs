using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Package.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Package.Tests;

/// <summary>
/// Issue 19 item 1: the package installs into this machine (the tests run as root, as CI does), the installed hub runs
/// as the service user by the unit's command line, an upgrade keeps the edited settings and the data, remove keeps
/// the data, purge takes it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DebianPackageTests(PackageBuild build) : IClassFixture<PackageBuild>, IDisposable
{
    private const string DeskUser = "package-test";
    private const string DeskPassword = "package-test-password-19";
    private readonly HttpClient _http = new();
    private readonly string _node = "package-test-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Install_RunAsServiceUser_Upgrade_Remove_Purge_KeepsSettingsAndDataUntilPurge()
    {
        Assert.True(Environment.IsPrivilegedProcess, "dpkg -i needs root: run this test as root (CI does).");
        try
        {
            await Installed.PurgeAsync();
            await InstallAsync(build.PackageA, build.VersionA);
            await AssertLayoutAsync(build.VersionA);
            // postinst twice (a reinstall) changes nothing and does not fail.
            await InstallAsync(build.PackageA, build.VersionA);
            await AssertLayoutAsync(build.VersionA);
            await AssertUnitVerifiedAsync();

            // The site's edit of the conffile: a node id /health reports, which proves the hub reads this file.
            var settings = JsonNode.Parse(await File.ReadAllTextAsync(Installed.Settings))!;
            settings["Hub"]!["NodeId"] = _node;
            string edited = settings.ToJsonString(new() { WriteIndented = true });
            await File.WriteAllTextAsync(Installed.Settings, edited);

            await using (var hub = await StartAsync(withWatchdog: true))
            {
                await AssertHealthAsync(hub);
                // An admin command from the PATH, as the service user, into the running hub's store.
                await AddDeskUserAsync();
                Assert.Equal(HttpStatusCode.OK, await SignInAsync(hub));
                Assert.Equal(0, await hub.StopAsync());
            }

            Assert.Equal("600 integrationhub integrationhub", await Installed.StatAsync(Path.Combine(Installed.DataFolder, "hub.db")));

            await InstallAsync(build.PackageB, build.VersionB);
            await AssertLayoutAsync(build.VersionB);
            Assert.Equal(edited, await File.ReadAllTextAsync(Installed.Settings));
            Assert.Empty(Directory.GetFiles(Installed.SettingsFolder, "appsettings.json.dpkg-*"));
            await using (var hub = await StartAsync(withWatchdog: false))
            {
                await AssertHealthAsync(hub);
                Assert.Equal(HttpStatusCode.OK, await SignInAsync(hub));
                Assert.Equal(0, await hub.StopAsync());
            }

            (await Command.RunAsync("dpkg", ["--remove", Installed.Package])).EnsureSuccess();
            Assert.StartsWith("deinstall ok config-files", await Installed.StatusAsync(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Installed.ProgramFolder));
            Assert.False(File.Exists("/usr/bin/hub"));
            Assert.True(File.Exists(Path.Combine(Installed.DataFolder, "hub.db")), "remove must keep the data");
            Assert.Equal(edited, await File.ReadAllTextAsync(Installed.Settings));

            (await Command.RunAsync("dpkg", ["--purge", Installed.Package])).EnsureSuccess();
            Assert.Null(await Installed.StatusAsync());
            Assert.False(Directory.Exists(Installed.DataFolder), "purge removes the data folder");
            Assert.False(Directory.Exists(Installed.SettingsFolder), "purge removes the settings");
            // Documented: the system user stays after purge (a later install reuses it).
            Assert.Equal(0, (await Command.RunAsync("getent", ["passwd", Installed.User])).ExitCode);
        }
        finally
        {
            await Installed.PurgeAsync();
        }
    }

    private static async Task InstallAsync(string package, string version)
    {
        (await Command.RunAsync("dpkg", ["--install", package])).EnsureSuccess();
        Assert.Equal($"install ok installed {version}", await Installed.StatusAsync());
    }

    private static async Task AssertLayoutAsync(string version)
    {
        // The binary is the version's own build, not a renamed copy.
        var hubDll = Path.Combine(Installed.ProgramFolder, "hub.dll");
        Assert.StartsWith(version, FileVersionInfo.GetVersionInfo(hubDll).ProductVersion, StringComparison.Ordinal);
        Assert.Equal("755 root root", await Installed.StatAsync(Path.Combine(Installed.ProgramFolder, "hub")));
        Assert.Equal(Path.Combine(Installed.ProgramFolder, "hub"), (await Command.CheckAsync("readlink", "-f", "/usr/bin/hub")).Trim());
        Assert.Equal(Installed.Settings, (await Command.CheckAsync("readlink", "-f", Path.Combine(Installed.ProgramFolder, "appsettings.json"))).Trim());

        // The settings may hold passwords: root's, readable by the service, no one else.
        Assert.Equal("640 root integrationhub", await Installed.StatAsync(Installed.Settings));
        Assert.Equal("750 root integrationhub", await Installed.StatAsync(Installed.SettingsFolder));
        Assert.Contains(Installed.Settings, await Command.CheckAsync("dpkg-query", "-W", "-f=${Conffiles}", Installed.Package), StringComparison.Ordinal);
        Assert.Equal("750 integrationhub integrationhub", await Installed.StatAsync(Installed.DataFolder));
        Assert.True(File.Exists(Installed.Unit));

        // A system user (uid below 1000), no login shell, home the data folder.
        var account = (await Command.CheckAsync("getent", "passwd", Installed.User)).Trim().Split(':');
        Assert.InRange(int.Parse(account[2], System.Globalization.CultureInfo.InvariantCulture), 1, 999);
        Assert.Equal(Installed.DataFolder, account[5]);
        Assert.Equal("/usr/sbin/nologin", account[6]);
    }

    /// <summary>systemd-analyze verify needs the unit's ExecStart to exist, hence on the installed unit; any warning fails.</summary>
    private static async Task AssertUnitVerifiedAsync()
    {
        var result = await Command.RunAsync("systemd-analyze", ["verify", Installed.Unit]);
        Assert.True(result.ExitCode == 0 && result.Error.Trim().Length == 0, $"systemd-analyze verify: exit {result.ExitCode}\n{result.Output}{result.Error}");
    }

    private async Task<ServiceUserHub> StartAsync(bool withWatchdog)
    {
        var extra = new Dictionary<string, string>();
        Socket? systemd = null;
        string? folder = null;
        try
        {
            if (withWatchdog)
            {
                // Where systemd's notification socket would be, writable by the service user.
                folder = Directory.CreateTempSubdirectory("hub-package-notify-").FullName;
                File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
                string path = Path.Combine(folder, "notify");
                systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                systemd.Bind(new UnixDomainSocketEndPoint(path));
                File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
                var watchdog = SystemdUnitFile.Read(Installed.Unit).WatchdogSec ?? throw new InvalidOperationException("The unit has no WatchdogSec.");
                extra["NOTIFY_SOCKET"] = path;
                extra["WATCHDOG_USEC"] = ((long)watchdog.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var hub = await ServiceUserHub.StartAsync(Installed.Unit, LoopbackPort.GetFree(), extra, _http);
            if (systemd is not null)
            {
                // The first ping goes out as the hub starts; READY=1 is not sent, since systemd is not the parent here.
                Assert.Equal("WATCHDOG=1", await ReceiveAsync(systemd));
            }

            return hub;
        }
        finally
        {
            systemd?.Dispose();
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task AssertHealthAsync(ServiceUserHub hub)
    {
        var health = JsonNode.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{hub.Port}/health")))!;
        Assert.Equal(_node, (string?)health["node"]);
    }

    private static async Task AddDeskUserAsync()
    {
        var result = await Command.RunAsync(
            "setpriv",
            [$"--reuid={Installed.User}", $"--regid={Installed.User}", "--init-groups", "--", "hub", "desk", "add-user", "--username", DeskUser, "--role", "admin"],
            new Dictionary<string, string> { ["HUB_DESK_PASSWORD"] = DeskPassword, ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" },
            workingDirectory: "/");
        result.EnsureSuccess();
    }

    private async Task<HttpStatusCode> SignInAsync(ServiceUserHub hub)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{hub.Port}/api/desk/sign-in"))
        {
            Content = JsonContent.Create(new { userName = DeskUser, password = DeskPassword }),
        };
        request.Headers.Add("X-Hub-Desk", "1");
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var buffer = new byte[256];
        int received = await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }
}
