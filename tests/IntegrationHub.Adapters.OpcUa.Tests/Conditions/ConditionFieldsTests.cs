using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Tests.Conditions;

/// <summary>Reading condition events whose fields a server (or a forger) got wrong: each becomes Invalid with the field named.</summary>
public sealed class ConditionFieldsTests
{
    // A valid event of AlarmConditionType in the order of ConditionFields.Filter.
    internal static Variant[] Valid(string source = "Machine0001", bool active = true, ushort severity = 500, string name = "Fault", string? message = "hot") =>
    [
        new Variant(BuiltInType.ByteString, new byte[] { 1, 2, 3 }),
        new Variant(BuiltInType.NodeId, WellKnownNodeIds.AlarmConditionType),
        source,
        new Variant(BuiltInType.DateTime, new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc)),
        new Variant(BuiltInType.LocalizedText, new LocalizedText(null, message)),
        new Variant(BuiltInType.UInt16, severity),
        new Variant(BuiltInType.NodeId, new NodeId("Alarms." + source + ".Fault", 2)),
        name,
        new Variant(BuiltInType.NodeId, NodeId.Null),
        true,
        true,
        !active,
        Variant.Null,
        active,
    ];

    [Fact]
    public void Read_ValidEvent_EveryField()
    {
        var reading = ConditionFields.Read(Valid());
        Assert.Equal(ConditionEventKind.Condition, reading.Kind);
        var c = reading.Condition!;
        Assert.Equal(("Machine0001", "Fault", (ushort)500, true, false, "hot"), (c.SourceName, c.ConditionName, c.Severity, c.Active, c.Acked, c.Message));
        Assert.Null(c.Confirmed);
        Assert.Equal(new NodeId("Alarms.Machine0001.Fault", 2), c.ConditionId);
    }

    [Fact]
    public void Read_RefreshMarkers_RecognisedWithoutConditionFields()
    {
        var fields = Enumerable.Repeat(Variant.Null, ConditionFields.Filter.Select.Count).ToArray();
        fields[1] = new Variant(BuiltInType.NodeId, WellKnownNodeIds.RefreshStartEventType);
        Assert.Equal(ConditionEventKind.RefreshStart, ConditionFields.Read(fields).Kind);
        fields[1] = new Variant(BuiltInType.NodeId, WellKnownNodeIds.RefreshEndEventType);
        Assert.Equal(ConditionEventKind.RefreshEnd, ConditionFields.Read(fields).Kind);
    }

    [Theory]
    [InlineData(13, "ActiveState/Id is String where a Boolean")]
    [InlineData(5, "Severity is String where a UInt16")]
    [InlineData(2, "SourceName is Int32 where a String")]
    [InlineData(0, "EventId is String where a ByteString")]
    public void Read_WrongType_InvalidNamingTheField(int index, string expected)
    {
        var fields = Valid();
        fields[index] = index == 2 ? 42 : "true";
        var reading = ConditionFields.Read(fields);
        Assert.Equal(ConditionEventKind.Invalid, reading.Kind);
        Assert.Contains(expected, reading.Error);
    }

    [Fact]
    public void Read_ArrayWhereScalar_Invalid()
    {
        var fields = Valid();
        fields[13] = new Variant(BuiltInType.Boolean, new[] { true, false });
        Assert.Contains("ActiveState/Id is an array of Boolean", ConditionFields.Read(fields).Error);
    }

    [Fact]
    public void Read_TooFewFields_InvalidWithTheCounts()
    {
        var reading = ConditionFields.Read(Valid()[..5]);
        Assert.Equal(ConditionEventKind.Invalid, reading.Kind);
        Assert.Contains("5 fields where 14 were selected", reading.Error);
    }

    [Fact]
    public void Read_MissingRequiredFields_EveryOneNamed()
    {
        var fields = Valid();
        fields[6] = Variant.Null;
        fields[13] = Variant.Null;
        var error = ConditionFields.Read(fields).Error!;
        Assert.Contains("ConditionId is missing", error);
        Assert.Contains("ActiveState/Id is missing", error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(ushort.MaxValue)]
    public void Read_SeverityOutsideTheRange_Invalid(int severity)
    {
        var reading = ConditionFields.Read(Valid(severity: (ushort)severity));
        Assert.Equal(ConditionEventKind.Invalid, reading.Kind);
        Assert.Contains("outside 1-1000", reading.Error);
    }

    [Fact]
    public void Read_EventTypeNotANodeId_Invalid()
    {
        var fields = Valid();
        fields[1] = "AlarmConditionType";
        Assert.Contains("EventType is String where a NodeId", ConditionFields.Read(fields).Error);
    }
}
