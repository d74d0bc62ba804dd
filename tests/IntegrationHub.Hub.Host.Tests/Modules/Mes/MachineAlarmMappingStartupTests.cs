using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

/// <summary>
/// The MachineAlarm target at start-up (issue 22 item 1): it is only for Hub:Mes:Alarms:Mapping, which must name a
/// mapping of that target; anything else stops the start with the setting or file named, before any connection.
/// </summary>
public sealed class MachineAlarmMappingStartupTests
{
    private const string Alarms = """
        source: plant-alarms
        target: MachineAlarm
        fields:
          AssetId:  { column: sourceName, map: { Machine0001: EQ-1 } }
          Code:     { column: conditionName }
          Severity: { column: severity }

        """;

    // The endpoint is never reached: the start stops at the settings check.
    private static readonly string[] Mes =
    [
        "--Hub:Mes:Enabled=true", "--Hub:Mes:EndpointUrl=opc.tcp://127.0.0.1:9", "--Hub:Mes:SecurityMode=None", "--Hub:Mes:Alarms:Enabled=true",
    ];

    private static async Task<HubConfigurationException> StartFailsAsync(string? extraFile, string yaml, params string[] settings)
    {
        var data = TestHub.NewDataFolder();
        if (extraFile is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(data, "mappings", extraFile), yaml);
        }

        return await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(data, [.. Mes, .. settings]));
    }

    [Fact]
    public async Task AlarmMapping_NamingAnAssetMetricMapping_StopsTheStartNamingSettingAndTarget()
    {
        var e = await StartFailsAsync(null, "", "--Hub:Mes:Alarms:Mapping=mes-opcua-machines");

        Assert.Contains(e.Errors, m => m.StartsWith("Hub:Mes:Alarms:Mapping is 'mes-opcua-machines'", StringComparison.Ordinal) && m.Contains("makes AssetMetric", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MachineAlarmMapping_NamedByAMachineMetric_StopsTheStartNamingTheSetting()
    {
        var e = await StartFailsAsync("plant-alarms.yaml", Alarms,
            "--Hub:Mes:Alarms:Mapping=plant-alarms", "--Hub:Mes:Machines:0:AssetId=EQ-1",
            "--Hub:Mes:Machines:0:Metrics:speed:Node=nsu=urn:x;s=Speed", "--Hub:Mes:Machines:0:Metrics:speed:Source=plant-alarms");

        Assert.Contains(e.Errors, m => m.StartsWith("Hub:Mes:Machines:0:Metrics:speed:Source is 'plant-alarms'", StringComparison.Ordinal) && m.Contains("for Hub:Mes:Alarms:Mapping only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MachineAlarmMapping_AsAFileDrop_StopsTheStartNamingTheFile()
    {
        var e = await StartFailsAsync("plant-alarms.yaml", Alarms.Replace("target: MachineAlarm", "file: { match: \"alarms*.csv\" }\ntarget: MachineAlarm", StringComparison.Ordinal),
            "--Hub:Mes:Alarms:Mapping=plant-alarms");

        Assert.Contains(e.Errors, m => m.Contains("plant-alarms.yaml: a file drop mapping (file:) cannot make MachineAlarm", StringComparison.Ordinal));
    }
}
