using System.Reflection;
using System.Text.RegularExpressions;
using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Cli.SettingsReference;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Hub.Host.Tests.Docs;

/// <summary>
/// docs/configuration.md is what <c>hub settings reference</c> makes of the option types (issue 19 item 6): it cannot
/// drift from them, every setting it names is one the hub reads, and every option type is in it.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    // Types named like settings that are not bound from configuration, each with where its values come from.
    private static readonly Dictionary<string, string> s_notSettings = new(StringComparer.Ordinal)
    {
        ["OpcUaClientOptions"] = "made from Hub:Mes by MesService",
        ["MesAdapterOptions"] = "made from Hub:Mes by MesService",
        ["SubscriptionOptions"] = "made from Hub:Mes:PublishingInterval by the MES adapter",
        ["MonitoredItemOptions"] = "made from Hub:Mes's nodes by the MES adapter",
        ["MesAlarmOptions"] = "made from Hub:Mes:Alarms by MesService",
        ["EventFilterOptions"] = "the MES adapter's fixed condition filter (ConditionFields.Filter)",
        ["SecureChannelOptions"] = "made from the OPC UA client's options",
        ["MqttClientOptions"] = "made from Hub:Mqtt by MqttTelemetryService",
        ["MqttReconnectOptions"] = "the MQTT client's back-off, not configurable",
        ["MqttTlsOptions"] = "made from Hub:Mqtt:Tls (MqttTlsSettings)",
        ["SmtpSettings"] = "made from a Hub:Notifications:Channels entry by NotificationChannelFactory",
        ["WebhookSettings"] = "made from a Hub:Notifications:Channels entry by NotificationChannelFactory",
        ["StoreCopyOptions"] = "hub store copy's own tuning, not configurable",
        ["OrderProgressOptions"] = "the order progress calculator's constants (OrderProgressOptions.Default)",
        ["FileSourceOptions"] = "the file: section of a mapping file (YAML), see Mappings/README.md",
        ["SystemdWatchdogSettings"] = "systemd's environment (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID) read by the service host",
    };

    private static string CommittedPath => Path.Combine(TestHub.RepositoryRoot(), "docs", "configuration.md");

    [Fact]
    public async Task CommittedReference_IsWhatTheCommandMakesOfTheOptionTypes()
    {
        // A hang guard only, not a bound: a busy machine may take long.
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var folder = Directory.CreateTempSubdirectory("hub-settings-reference-");
        try
        {
            var file = Path.Combine(folder.FullName, "configuration.md");
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exitCode = await HubCommandLine.RunAsync(["settings", "reference", "--to", file], output, error, hangGuard.Token);

            Assert.True(exitCode == HubCommandLine.ExitOk, $"exit code {exitCode}: {error}");
            Assert.Equal(string.Empty, error.ToString());
            var generated = await File.ReadAllTextAsync(file, hangGuard.Token);
            var committed = File.Exists(CommittedPath) ? await File.ReadAllTextAsync(CommittedPath, hangGuard.Token) : string.Empty;
            if (!string.Equals(committed, generated, StringComparison.Ordinal))
            {
                var fresh = Path.Combine(TestHub.RepositoryRoot(), "artifacts", "docs", "configuration.md");
                Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
                await File.WriteAllTextAsync(fresh, generated, hangGuard.Token);
                Assert.Fail($"docs/configuration.md differs from the option types ({FirstDifference(committed, generated)}). "
                    + $"Refresh it from the repository's root with `{SettingsMarkdown.RefreshCommand}` and commit it; the fresh one is also in {fresh}.");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TheCommandPrintsTheReference_WithoutReadingTheSettings()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var output = new StringWriter();
        using var error = new StringWriter();

        // A typo that stops every other command (exit code 2) does not stop the reference that would show the right key.
        var exitCode = await HubCommandLine.RunAsync(["settings", "reference", "--Hub:Mqqt:Host=broker"], output, error, hangGuard.Token);

        Assert.Equal(HubCommandLine.ExitOk, exitCode);
        Assert.StartsWith("# Configuration reference\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| `Hub:Mqtt:Host` | text | `127.0.0.1` |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EverySettingInTheReference_IsOneTheHubReads()
    {
        var keys = SettingKeys(File.ReadAllText(CommittedPath));
        Assert.True(keys.Count > 150, $"only {keys.Count} settings found in docs/configuration.md");
        Assert.Contains("Hub:Mqtt:Port", keys);
        Assert.Contains("Hub:Sql:Sources:<n>:Name", keys);
        Assert.Contains("Hub:Notifications:Channels:<name>:Kind", keys);

        // Each key as a site would write it, checked by what refuses unknown keys at start (UnknownSettings).
        var written = keys.Select(k => k.Replace("<n>", "0", StringComparison.Ordinal).Replace("<name>", "someName", StringComparison.Ordinal)).ToList();
        Assert.Empty(Unknown(written));
        // The check itself: a key no option reads is reported.
        Assert.Single(Unknown([.. written, "Hub:Mqtt:Hots"]));
    }

    [Fact]
    public void EveryOptionType_IsInTheReference()
    {
        var inReference = OptionTypeRegex().Matches(File.ReadAllText(CommittedPath)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var named = HubAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsNested || t.IsNestedPublic || t.IsNestedAssembly)
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) || t.Name.EndsWith("Settings", StringComparison.Ordinal))
            .Where(t => t.Namespace?.StartsWith("IntegrationHub.", StringComparison.Ordinal) == true && t != typeof(UnknownSettings))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);

        var missing = named.Where(n => !inReference.Contains(n) && !s_notSettings.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            $"Option types missing from docs/configuration.md: {string.Join(", ", missing)}. Bind them under a section listed in SettingsRoots.All (Hub.Host/Cli/SettingsReference/SettingsRoots.cs) and refresh the reference, or, if configuration never binds them, name them in this test's list with where their values come from.");
        // The list of exceptions names types that exist and are not in the reference, so it cannot rot.
        Assert.DoesNotContain(s_notSettings.Keys, n => !named.Contains(n) || inReference.Contains(n));
        Assert.Contains(nameof(HubOptions), inReference);
        Assert.Contains("SqlSourceOptions", inReference);
    }

    [Fact]
    public void ADefaultThatDependsOnTheMachine_IsDescribed_NotShown()
    {
        var text = File.ReadAllText(CommittedPath);

        Assert.Contains($"| `Hub:NodeId` | text | {SettingValues.MachineDependent} |", text, StringComparison.Ordinal);
        var property = typeof(HubOptions).GetProperty(nameof(HubOptions.NodeId))!;
        Assert.Equal(SettingValues.MachineDependent, SettingValues.Default(property, $"{Environment.MachineName}-{Environment.ProcessId}"));
        Assert.Equal("`hub1`", SettingValues.Default(property, "hub1"));
        // The machine's name or a process id alone is an ordinary default's word or number as often as not ("hub", 2000).
        Assert.Equal($"`{Environment.MachineName}`", SettingValues.Default(property, Environment.MachineName));
        var batchSize = typeof(IntegrationHub.Adapters.Files.FileDropOptions).GetProperty("BatchSize")!;
        Assert.Equal("`" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "`", SettingValues.Default(batchSize, Environment.ProcessId));
    }

    private static List<string> SettingKeys(string markdown) =>
        SettingRowRegex().Matches(markdown).Select(m => m.Groups[1].Value).ToList();

    private static IReadOnlyList<string> Unknown(IEnumerable<string> keys) =>
        UnknownSettings.Find(new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => KeyValuePair.Create(k, (string?)"x"))).Build());

    private static IEnumerable<Assembly> HubAssemblies()
    {
        var hub = typeof(HubOptions).Assembly;
        return hub.GetReferencedAssemblies()
            .Where(a => a.Name?.StartsWith("IntegrationHub.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Prepend(hub);
    }

    private static string FirstDifference(string committed, string generated)
    {
        var a = committed.Split('\n');
        var b = generated.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end of file)";
            var right = i < b.Length ? b[i] : "(end of file)";
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                return $"first at line {i + 1}: committed \"{left}\", generated \"{right}\"";
            }
        }

        return "line ends differ";
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex SettingRowRegex();

    [GeneratedRegex(@"^Option type `([^`]+)`\.", RegexOptions.Multiline)]
    private static partial Regex OptionTypeRegex();
}
