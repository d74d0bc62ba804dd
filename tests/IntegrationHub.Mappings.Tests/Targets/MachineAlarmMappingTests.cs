using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings.Tests.Targets;

/// <summary>
/// The MachineAlarm target (issue 22 item 1): a MES condition event's fields (sourceName, conditionName, severity,
/// message, as the MES adapter gives them) become the machine, code and severity of the hub's alarm through a value map;
/// what the map does not know, or a value that is not what the field needs, is an error naming the column and field.
/// </summary>
public sealed class MachineAlarmMappingTests
{
    internal const string Yaml = """
        source: mes-opcua-alarms
        target: MachineAlarm
        description: Alarm conditions of the MES server
        fields:
          AssetId:  { column: sourceName, map: { Machine0001: EQ-1, "Press 7": EQ-C001-07 } }
          Code:     { column: conditionName, map: { Fault: MES-FAULT, HighTemperature: MES-TEMP } }
          Severity: { column: severity }
          Message:  { column: message, optional: true }

        """;

    private static readonly SourceMapping Mapping = MappingFiles.LoadSingle(Yaml);

    private static MappedRecord Map(string sourceName, string conditionName = "Fault", string? severity = "700", string? message = "Spindle stalled") =>
        Mapping.Map(MappingFiles.Record("mes-opcua-alarms",
            ("sourceName", sourceName), ("conditionName", conditionName), ("severity", severity), ("message", message)));

    [Fact]
    public void Map_KnownSource_GivesTheAssetDerivedCodeAndSeverity()
    {
        var result = Map("Press 7", "HighTemperature", "450");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var alarm = Assert.IsType<MachineAlarm>(result.Change.Entity);
        Assert.Equal(("EQ-C001-07", "MES-TEMP", 450, "Spindle stalled"), (alarm.AssetId, alarm.Code, alarm.Severity, alarm.Message));
        Assert.Equal(EntityKind.MachineAlarm, Mapping.Target);
        Assert.Equal(KeyParts.Join("EQ-C001-07", "MES-TEMP"), alarm.Key);
    }

    [Fact]
    public void Map_SourceTheMapDoesNotKnow_NamesColumnFieldAndValue()
    {
        var error = Assert.Single(Map("Machine0003").Errors);

        Assert.Equal(("sourceName", "AssetId"), (error.Column, error.TargetField));
        Assert.Contains("'Machine0003' is not a known code", error.Message);
    }

    [Fact]
    public void Map_SourceWithControlCharacters_IsAMissShownEscaped()
    {
        var error = Assert.Single(Map("Machine0001\r\n[ERR] forged\u001b[2J").Errors);

        Assert.Equal("AssetId", error.TargetField);
        Assert.DoesNotContain(error.ToString(), char.IsControl);
        Assert.Contains("forged", error.Message);
    }

    [Fact]
    public void Map_HundredThousandCharacterSource_IsAMissWithABoundedMessage()
    {
        var error = Assert.Single(Map(new string('M', 100_000)).Errors);

        Assert.Equal("AssetId", error.TargetField);
        Assert.True(error.ToString().Length < 1_000, $"{error.ToString().Length} characters");
    }

    [Theory]
    [InlineData("99999999999")] // beyond an int
    [InlineData("high")]
    [InlineData("")]
    public void Map_SeverityThatIsNoWholeNumber_NamesTheSeverityColumn(string severity)
    {
        var error = Assert.Single(Map("Machine0001", severity: severity).Errors);

        Assert.Equal(("severity", "Severity"), (error.Column, error.TargetField));
    }

    [Fact]
    public void Map_ConditionNameTheMapDoesNotKnow_IsAnErrorOfTheCode()
    {
        var error = Assert.Single(Map("Machine0001", "Overheat").Errors);

        Assert.Equal(("conditionName", "Code"), (error.Column, error.TargetField));
    }

    [Fact]
    public void Load_MachineAlarmWithoutItsRequiredCode_IsALoadErrorNamingIt()
    {
        var errors = MappingFiles.LoadErrors("""
            source: mes-opcua-alarms
            target: MachineAlarm
            fields:
              AssetId:  { column: sourceName }
              Severity: { column: severity }

            """);

        Assert.Contains(errors, e => e.ToString().Contains("Code", StringComparison.Ordinal));
    }
}
