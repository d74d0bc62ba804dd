using IntegrationHub.Package.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Package.Tests;

/// <summary>
/// The unit in the repository says what issue 19 item 1 asks of the service, without building anything; the installed
/// copy is also checked by systemd-analyze verify in <see cref="DebianPackageTests"/> (it needs the ExecStart binary).
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string s_unit = Path.Combine(RepositoryPaths.Root, "deploy", "package", "integrationhub.service");

    [Fact]
    public void Unit_Service_NotifiesWithWatchdogAsTheServiceUser()
    {
        var unit = SystemdUnitFile.Read(s_unit);

        Assert.Equal("notify", unit["Type"]);
        Assert.InRange(unit.WatchdogSec!.Value, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        Assert.Equal("integrationhub", unit["User"]);
        Assert.Equal(["/usr/lib/integrationhub/hub", "run"], unit.ExecStart);
        Assert.Equal("/var/lib/integrationhub", unit["WorkingDirectory"]);
        Assert.Equal("2", unit["RestartPreventExitStatus"]);
    }

    [Fact]
    public void Unit_Service_KeepsTheHardening()
    {
        var unit = SystemdUnitFile.Read(s_unit);

        Assert.Equal("true", unit["NoNewPrivileges"]);
        Assert.Equal("strict", unit["ProtectSystem"]);
        Assert.Equal("/var/lib/integrationhub", unit["ReadWritePaths"]);
        Assert.Equal("true", unit["PrivateTmp"]);
        Assert.Equal("0027", unit["UMask"]);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("45", 45)]
    [InlineData("2min", 120)]
    [InlineData("1500ms", 1.5)]
    public void ParseTimeSpan_SystemdForms_Seconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SystemdUnitFile.ParseTimeSpan(text));
}
