using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Modules.Mes;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

/// <summary>
/// Condition events through the site's mapping file (Hub:Mes:Alarms:Mapping, issue 22 item 1), fed to the adapter's
/// tracker as the adapter does: the mapping gives the machine, code and severity; what it refuses is a rejected change
/// (a dead letter) whose reason names the mapping, the column and the field, escaped and bounded.
/// </summary>
public sealed class MappedConditionSourceMapTests : IDisposable
{
    internal const string Yaml = """
        source: mes-opcua-alarms
        target: MachineAlarm
        fields:
          AssetId:  { column: sourceName, map: { Machine0001: EQ-1, Machine0002: EQ-2 } }
          Code:     { column: conditionName, map: { Fault: MES-FAULT } }
          Severity: { column: severity }
          Message:  { column: message, optional: true }

        """;

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("ih-alarm-mapping-").FullName;

    private SourceMapping Load(string yaml)
    {
        File.WriteAllText(Path.Combine(_folder, "mes-opcua-alarms.yaml"), yaml);
        var result = MappingCatalog.LoadDirectory(_folder);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return Assert.Single(result.Catalog!.Mappings);
    }

    private ConditionTracker Tracker() => new(new MesAlarmOptions
    {
        // The table would give EQ-OTHER: the mapping, when given, is what maps.
        Sources = new Dictionary<string, string> { ["Machine0001"] = "EQ-OTHER" },
        SourceMap = new MappedConditionSourceMap(Load(Yaml), MesAdapterModule.AlarmMappingSetting, TimeProvider.System),
    }, "opc.tcp://mes:4840");

    private static ConditionReading Event(string source, ushort severity = 700, bool active = true, string condition = "Fault", string? message = "Spindle stalled") =>
        new(ConditionEventKind.Condition,
            new ConditionEvent
            {
                EventId = [1, 2, 3],
                EventType = new NodeId(2955u),
                ConditionId = new NodeId($"Alarms.{source[..Math.Min(source.Length, 20)]}.Fault", 1),
                ConditionName = condition,
                SourceName = source,
                Time = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc),
                Message = message,
                Severity = severity,
                Retain = true,
                Active = active,
                Acked = false,
                Enabled = true,
                BranchId = NodeId.Null,
            });

    [Fact]
    public void MappedSource_RaisesAndClearsTheMappedMachineAndCode()
    {
        var t = Tracker();

        var raised = Assert.Single(t.OnEvent(Event("Machine0001", 850), Now));
        var cleared = Assert.Single(t.OnEvent(Event("Machine0001", 850, active: false), Now));

        Assert.Equal((MesAlarmChangeKind.Raised, "EQ-1", "MES-FAULT", (ushort)850, "Spindle stalled"), (raised.Kind, raised.AssetId, raised.Code, raised.Severity, raised.Message));
        Assert.Equal((MesAlarmChangeKind.Cleared, "EQ-1", "MES-FAULT"), (cleared.Kind, cleared.AssetId, cleared.Code));
    }

    [Fact]
    public void SourceTheMapMisses_IsRejectedNamingMappingColumnAndField()
    {
        var rejected = Assert.Single(Tracker().OnEvent(Event("Machine0003"), Now));

        Assert.Equal(MesAlarmChangeKind.Rejected, rejected.Kind);
        Assert.Contains("mapping mes-opcua-alarms (mes-opcua-alarms.yaml)", rejected.Reason);
        Assert.Contains("column sourceName (AssetId): 'Machine0003' is not a known code", rejected.Reason);
    }

    [Fact]
    public void ConditionNameTheMapMisses_IsRejectedNamingTheCodeField()
    {
        var rejected = Assert.Single(Tracker().OnEvent(Event("Machine0001", condition: "Overheat"), Now));

        Assert.Equal(MesAlarmChangeKind.Rejected, rejected.Kind);
        Assert.Contains("column conditionName (Code)", rejected.Reason);
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)1001)]
    [InlineData(ushort.MaxValue)]
    public void SeverityOutOfRange_IsRejectedNamingSeverity(ushort severity)
    {
        var rejected = Assert.Single(Tracker().OnEvent(Event("Machine0001", severity), Now));

        Assert.Equal(MesAlarmChangeKind.Rejected, rejected.Kind);
        Assert.Contains($"Severity is {severity}, outside 1-1000", rejected.Reason);
    }

    [Fact]
    public void SourceWithControlCharacters_IsRejectedWithoutThem()
    {
        var rejected = Assert.Single(Tracker().OnEvent(Event("Machine0001\r\n[ERR] forged\u001b[2J"), Now));

        Assert.Equal(MesAlarmChangeKind.Rejected, rejected.Kind);
        Assert.DoesNotContain(rejected.Reason, char.IsControl);
        Assert.DoesNotContain(rejected.Reference, char.IsControl);
    }

    [Fact]
    public void HundredThousandCharacterSource_IsRejectedWithBoundedReasonAndReference()
    {
        var rejected = Assert.Single(Tracker().OnEvent(Event(new string('M', 100_000)), Now));

        Assert.Equal(MesAlarmChangeKind.Rejected, rejected.Kind);
        Assert.True(rejected.Reason.Length < 2_000, $"reason of {rejected.Reason.Length} characters");
        Assert.True(rejected.Reference.Length < 400, $"reference of {rejected.Reference.Length} characters");
    }

    [Fact]
    public void MappingOfAnotherTarget_IsAConfigurationErrorNamingTheSetting()
    {
        var metrics = Load("""
            source: mes-opcua-alarms
            target: AssetMetric
            fields:
              AssetId:   { column: sourceName }
              Metric:    { column: conditionName }
              Value:     { column: severity }
              Timestamp: { column: time, format: iso }

            """);

        var e = Assert.Throws<HubConfigurationException>(() => new MappedConditionSourceMap(metrics, MesAdapterModule.AlarmMappingSetting, TimeProvider.System));

        Assert.Contains("Hub:Mes:Alarms:Mapping is 'mes-opcua-alarms'", Assert.Single(e.Errors));
        Assert.Contains("MachineAlarm", e.Errors[0]);
    }

    [Fact]
    public void Validate_MappingAndSourcesBoth_ErrorNamesBoth_NeitherErrorNamesBoth()
    {
        MesOptions Options(IReadOnlyDictionary<string, string> sources, string mapping) => new()
        {
            Enabled = true,
            EndpointUrl = "opc.tcp://mes01:4840",
            Alarms = new MesAlarmSettings { Enabled = true, Sources = sources, Mapping = mapping },
        };

        var both = Assert.Single(new MesAdapterModule().Validate(Options(new Dictionary<string, string> { ["Press 7"] = "EQ-7" }, "mes-opcua-alarms")));
        var neither = Assert.Single(new MesAdapterModule().Validate(Options(new Dictionary<string, string>(), "")));

        Assert.StartsWith("Hub:Mes:Alarms:Sources and Hub:Mes:Alarms:Mapping ('mes-opcua-alarms') are both set", both, StringComparison.Ordinal);
        Assert.StartsWith("Hub:Mes:Alarms:Sources is empty and Hub:Mes:Alarms:Mapping is not set", neither, StringComparison.Ordinal);
        Assert.Empty(new MesAdapterModule().Validate(Options(new Dictionary<string, string>(), "mes-opcua-alarms")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
