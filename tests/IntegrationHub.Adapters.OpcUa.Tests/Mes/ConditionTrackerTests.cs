using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.Tests.Conditions;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>
/// Condition events to alarm changes: transitions only, refresh reconciliation (held alarms from before a restart too),
/// content keys of refusals, and hostile sources and names.
/// </summary>
public sealed class ConditionTrackerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static ConditionTracker Tracker() => new(new MesAlarmOptions
    {
        Sources = new Dictionary<string, string> { ["Machine0001"] = "EQ-1", ["Machine0002"] = "EQ-2" },
    }, "opc.tcp://mes:4840");

    private static IReadOnlyList<MesAlarmChange> Feed(ConditionTracker t, Variant[] fields) => t.OnEvent(ConditionFields.Read(fields), Now);

    private static IReadOnlyList<MesAlarmChange> Marker(ConditionTracker t, ConditionEventKind kind) => t.OnEvent(new ConditionReading(kind), Now);

    [Fact]
    public void Active_ThenRepeated_ThenInactive_OneRaiseOneClear()
    {
        var t = Tracker();
        var raised = Assert.Single(Feed(t, ConditionFieldsTests.Valid(severity: 800)));
        Assert.Equal((MesAlarmChangeKind.Raised, "EQ-1", "Fault", (ushort)800), (raised.Kind, raised.AssetId, raised.Code, raised.Severity));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), raised.At);
        Assert.Empty(Feed(t, ConditionFieldsTests.Valid(severity: 800))); // an acknowledgement's event, or a refresh's resend
        var cleared = Assert.Single(Feed(t, ConditionFieldsTests.Valid(active: false)));
        Assert.Equal(MesAlarmChangeKind.Cleared, cleared.Kind);
        Assert.Empty(t.Active);
    }

    [Fact]
    public void RefreshEnd_ActiveAlarmNotResent_Cleared_ResentOneKept()
    {
        var t = Tracker();
        Feed(t, ConditionFieldsTests.Valid("Machine0001"));
        Feed(t, ConditionFieldsTests.Valid("Machine0002"));
        Assert.Empty(Marker(t, ConditionEventKind.RefreshStart));
        Assert.Empty(Feed(t, ConditionFieldsTests.Valid("Machine0002")));
        var cleared = Assert.Single(Marker(t, ConditionEventKind.RefreshEnd));
        Assert.Equal((MesAlarmChangeKind.Cleared, "EQ-1"), (cleared.Kind, cleared.AssetId));
        Assert.Contains("ConditionRefresh", cleared.Reason);
        Assert.Equal([("EQ-2", "Fault")], t.Active);
    }

    [Fact]
    public void RefreshEnd_WithoutStart_ClearsNothing()
    {
        var t = Tracker();
        Feed(t, ConditionFieldsTests.Valid());
        Assert.Empty(Marker(t, ConditionEventKind.RefreshEnd));
        Assert.Single(t.Active);
    }

    [Fact]
    public void UnmappedSource_RejectedNamingTheSettingAndEscaped()
    {
        var change = Assert.Single(Feed(Tracker(), ConditionFieldsTests.Valid("Press\u001b[31m7\n")));
        Assert.Equal(MesAlarmChangeKind.Rejected, change.Kind);
        Assert.Contains("Hub:Mes:Alarms:Sources", change.Reason);
        Assert.Contains(@"Press\x1B[31m7\n", change.Reason);
        Assert.DoesNotContain('\u001b', change.Reason + change.Reference);
    }

    [Theory]
    [InlineData("Fa\rult")]
    [InlineData("")]
    public void BadConditionName_Rejected(string name)
    {
        var change = Assert.Single(Feed(Tracker(), ConditionFieldsTests.Valid(name: name)));
        Assert.Equal(MesAlarmChangeKind.Rejected, change.Kind);
        Assert.Contains("cannot be an alarm code", change.Reason);
    }

    [Fact]
    public void HugeConditionNameAndMessage_CodeRejected_MessageCutAndEscaped()
    {
        var t = Tracker();
        var name = Assert.Single(Feed(t, ConditionFieldsTests.Valid(name: new string('X', 100_000))));
        Assert.Equal(MesAlarmChangeKind.Rejected, name.Kind);
        Assert.True(name.Reason.Length < 1_000);

        var raised = Assert.Single(Feed(t, ConditionFieldsTests.Valid(message: "line1\nline2" + new string('y', 100_000))));
        Assert.Equal(ConditionTracker.MaxMessageLength + 1, raised.Message!.Length);
        Assert.StartsWith(@"line1\nline2", raised.Message);
    }

    [Fact]
    public void HugeUnmappedSourceName_RejectedWithReasonAndReferenceBounded()
    {
        var rejected = Assert.Single(Feed(Tracker(), ConditionFieldsTests.Valid(new string('S', 100_000))));

        Assert.Equal(MesAlarmChangeKind.Rejected, rejected.Kind);
        Assert.True(rejected.Reason.Length < 1_000, $"reason of {rejected.Reason.Length} characters");
        Assert.True(rejected.Reference.Length < 1_000, $"reference of {rejected.Reference.Length} characters");
    }

    [Fact]
    public void InvalidEvent_RejectedWithTheReadersError_OthersGoOn()
    {
        var t = Tracker();
        var bad = ConditionFieldsTests.Valid();
        bad[5] = "loud";
        Assert.Equal(MesAlarmChangeKind.Rejected, Assert.Single(Feed(t, bad)).Kind);
        Assert.Equal(MesAlarmChangeKind.Raised, Assert.Single(Feed(t, ConditionFieldsTests.Valid())).Kind);
    }

    [Fact]
    public void Branch_Ignored_DisabledCountsAsInactive()
    {
        var t = Tracker();
        Feed(t, ConditionFieldsTests.Valid());
        var branch = ConditionFieldsTests.Valid(active: false);
        branch[8] = new Variant(BuiltInType.NodeId, new NodeId(77u, 1));
        Assert.Empty(Feed(t, branch));
        var disabled = ConditionFieldsTests.Valid();
        disabled[10] = false;
        Assert.Contains("disabled", Assert.Single(Feed(t, disabled)).Reason);
    }

    [Fact]
    public void AcknowledgeTarget_LastEventIdOfTheCondition_UnknownIsNull()
    {
        var t = Tracker();
        var fields = ConditionFieldsTests.Valid();
        fields[0] = new Variant(BuiltInType.ByteString, new byte[] { 9, 9 });
        Feed(t, fields);
        var target = t.AcknowledgeTarget("EQ-1", "Fault");
        Assert.Equal(new byte[] { 9, 9 }, target!.Value.EventId);
        Assert.Null(t.AcknowledgeTarget("EQ-1", "Other"));
    }

    [Fact]
    public void HeldAlarms_RefreshClearsTheOneNotResent_KeepsTheResentOneWithoutARaise()
    {
        var t = Tracker();
        t.Hold([("EQ-1", "Fault"), ("EQ-2", "Fault")]);
        Assert.Equal([("EQ-1", "Fault"), ("EQ-2", "Fault")], t.Active);
        Assert.Null(t.AcknowledgeTarget("EQ-1", "Fault")); // held only: no EventId to acknowledge with
        Assert.Empty(Marker(t, ConditionEventKind.RefreshStart));
        Assert.Empty(Feed(t, ConditionFieldsTests.Valid("Machine0002"))); // still active: no second raise
        var cleared = Assert.Single(Marker(t, ConditionEventKind.RefreshEnd));
        Assert.Equal((MesAlarmChangeKind.Cleared, "EQ-1", "Fault"), (cleared.Kind, cleared.AssetId, cleared.Code));
        Assert.Contains("from before it started watching", cleared.Reason);
        Assert.Equal([("EQ-2", "Fault")], t.Active);
        Assert.NotNull(t.AcknowledgeTarget("EQ-2", "Fault"));
    }

    [Fact]
    public void HeldAlarm_ResentInactive_ClearedSayingItWasHeld()
    {
        var t = Tracker();
        t.Hold([("EQ-1", "Fault")]);
        Assert.Empty(Marker(t, ConditionEventKind.RefreshStart));
        var cleared = Assert.Single(Feed(t, ConditionFieldsTests.Valid(active: false)));
        Assert.Equal(MesAlarmChangeKind.Cleared, cleared.Kind);
        Assert.Contains("inactive", cleared.Reason);
        Assert.Contains("from before it started watching", cleared.Reason);
        Assert.Empty(Marker(t, ConditionEventKind.RefreshEnd));
        Assert.Empty(t.Active);
    }

    [Fact]
    public void Hold_AlarmAlreadySeen_KeepsWhatWasSeen()
    {
        var t = Tracker();
        Feed(t, ConditionFieldsTests.Valid(active: false));
        t.Hold([("EQ-1", "Fault")]);
        Assert.Empty(t.Active);
        Assert.Empty(Marker(t, ConditionEventKind.RefreshStart));
        Assert.Empty(Marker(t, ConditionEventKind.RefreshEnd));
    }

    [Fact]
    public void RefusedCondition_ResentAsIs_SameContentKey_ChangedStateOrConditionNewKey()
    {
        var t = Tracker();
        var first = Assert.Single(Feed(t, ConditionFieldsTests.Valid("Machine0006")));
        var resent = Assert.Single(Feed(t, ConditionFieldsTests.Valid("Machine0006")));
        Assert.Equal(MesAlarmChangeKind.Rejected, first.Kind);
        Assert.NotNull(first.ContentKey);
        Assert.Equal(first.ContentKey, resent.ContentKey);

        Assert.NotEqual(first.ContentKey, Assert.Single(Feed(t, ConditionFieldsTests.Valid("Machine0006", severity: 900))).ContentKey);
        Assert.NotEqual(first.ContentKey, Assert.Single(Feed(t, ConditionFieldsTests.Valid("Machine0006", active: false))).ContentKey);
        Assert.NotEqual(first.ContentKey, Assert.Single(Feed(t, ConditionFieldsTests.Valid("Machine0007"))).ContentKey);
        var later = ConditionFieldsTests.Valid("Machine0006");
        later[3] = new Variant(BuiltInType.DateTime, new DateTime(2026, 12, 7, 11, 0, 0, DateTimeKind.Utc));
        Assert.NotEqual(first.ContentKey, Assert.Single(Feed(t, later)).ContentKey);
        // The same condition of another server is another letter.
        var other = new ConditionTracker(new MesAlarmOptions(), "opc.tcp://mes2:4840");
        Assert.NotEqual(first.ContentKey, Assert.Single(other.OnEvent(ConditionFields.Read(ConditionFieldsTests.Valid("Machine0006")), Now)).ContentKey);
    }

    [Fact]
    public void UnreadableEvent_RejectedWithoutContentKey()
    {
        var bad = ConditionFieldsTests.Valid();
        bad[5] = "loud";
        Assert.Null(Assert.Single(Feed(Tracker(), bad)).ContentKey);
    }
}
