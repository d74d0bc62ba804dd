using System.Globalization;
using System.Security.Cryptography;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// Turns condition events into the hub's alarm changes (issue 22 item 1): a condition that becomes active raises the
/// alarm of its machine and code (SourceName and ConditionName through <see cref="MesAlarmOptions.SourceMap"/>, or the
/// <see cref="MesAlarmOptions.Sources"/> table), one that
/// becomes inactive clears it, and at the end of a ConditionRefresh every alarm this tracker holds active that the
/// server no longer retains as active is cleared, so that nothing missed while the connection was down stays open.
/// The alarms the hub already held active when the tracker was made (<see cref="Hold"/>: a hub restart, a take-over)
/// take part in that reconciliation too, so that one cleared on the server while the hub was down is cleared as well.
/// </summary>
/// <remarks>
/// A repeated state (the refresh resends every retained condition) changes nothing. Branches (a BranchId other than
/// null) are earlier states kept for acknowledgement and are ignored; a disabled condition counts as inactive. The
/// last EventId of each condition is kept for <see cref="AcknowledgeTarget"/>. Thread-safe.
/// </remarks>
public sealed class ConditionTracker(MesAlarmOptions options, string endpoint)
{
    /// <summary>Longest alarm code taken from a ConditionName.</summary>
    public const int MaxCodeLength = 64;

    /// <summary>Longest SourceName a reference (a dead letter's, a history entry's) quotes; longer ones are cut with an ellipsis.</summary>
    public const int MaxReferenceNameLength = 200;

    /// <summary>Longest message kept from a condition event (escaped); longer ones are cut with an ellipsis.</summary>
    public const int MaxMessageLength = 1000;

    private readonly IConditionSourceMap _map = options.SourceMap ?? new SourceTableConditionMap(options.Sources);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Asset, string Code), Tracked> _conditions = [];
    private HashSet<(string, string)>? _refreshedActive;

    /// <summary>The machine and code of each alarm held active.</summary>
    public IReadOnlyList<(string AssetId, string Code)> Active
    {
        get
        {
            lock (_gate)
            {
                return _conditions.Where(c => c.Value.Active).Select(c => c.Key).Order().ToList();
            }
        }
    }

    /// <summary>The condition and its last EventId for the alarm of <paramref name="assetId"/> and <paramref name="code"/>, if one was seen.</summary>
    public (NodeId ConditionId, byte[] EventId)? AcknowledgeTarget(string assetId, string code)
    {
        lock (_gate)
        {
            // An alarm only held (see Hold) has no event of this session to name.
            return _conditions.TryGetValue((assetId, code), out var t) && !t.HeldOnly ? (t.ConditionId, t.EventId) : null;
        }
    }

    /// <summary>
    /// Takes over the alarms the hub holds active from conditions seen before this tracker existed (issue 22: a hub
    /// that was down, or a node taking the work over). They count as active: one the server resends in the next
    /// ConditionRefresh stays as it is, one it does not is cleared at the refresh's end. Alarms already seen are kept.
    /// </summary>
    public void Hold(IEnumerable<(string AssetId, string Code)> alarms)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        lock (_gate)
        {
            foreach (var key in alarms)
            {
                _conditions.TryAdd(key, new Tracked(NodeId.Null, [], Active: true, HeldOnly: true));
            }
        }
    }

    /// <summary>The changes one event makes, in order (none for a repeated state or a branch).</summary>
    public IReadOnlyList<MesAlarmChange> OnEvent(ConditionReading reading, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reading);
        lock (_gate)
        {
            switch (reading.Kind)
            {
                case ConditionEventKind.RefreshStart:
                    _refreshedActive = [];
                    return [];
                case ConditionEventKind.RefreshEnd:
                    return EndRefresh(now);
                case ConditionEventKind.Invalid:
                    return [Reject($"{endpoint} (event)", $"Condition event cannot be read: {reading.Error}")];
                default:
                    return OnCondition(reading.Condition!, now);
            }
        }
    }

    private List<MesAlarmChange> OnCondition(ConditionEvent e, DateTimeOffset now)
    {
        // Cut before escaping: a dead letter's reference names the event, it does not copy a hostile 100k SourceName.
        var reference = $"{endpoint} {LogText.Escape(Cut(e.SourceName, MaxReferenceNameLength))}/{LogText.Escape(Cut(e.ConditionName, MaxCodeLength))}";
        if (!e.BranchId.IsNull)
        {
            return [];
        }

        if (!_map.TryMap(e, out var machine, out var error))
        {
            return [Reject(reference, error, ContentKey(e))];
        }

        var (asset, code, severity) = (machine.AssetId, machine.Code, machine.Severity);
        if (code.Length is 0 or > MaxCodeLength || code.Any(char.IsControl))
        {
            return [Reject(reference, $"{(code == e.ConditionName ? "ConditionName" : "The mapped alarm code")} '{LogText.Escape(Cut(code, MaxCodeLength))}' cannot be an alarm code: it must be 1-{MaxCodeLength} characters without control characters.", ContentKey(e))];
        }

        var key = (asset, code);
        var active = e.Active && e.Enabled;
        var at = e.Time == DateTime.MinValue ? now : new DateTimeOffset(DateTime.SpecifyKind(e.Time, DateTimeKind.Utc));
        var text = machine.Message ?? e.Message;
        var message = text is null ? null : Cut(LogText.Escape(text), MaxMessageLength);
        var wasActive = _conditions.TryGetValue(key, out var known) && known.Active;
        _conditions[key] = new Tracked(e.ConditionId, e.EventId, active, HeldOnly: false);
        if (active)
        {
            _refreshedActive?.Add(key);
        }

        if (active == wasActive)
        {
            return [];
        }

        var state = active ? "active" : (e.Enabled ? "inactive" : "disabled");
        // A server retains an inactive alarm until it is acknowledged, so the refresh after a restart may report the end
        // of one the hub held; the history should say it ended unseen.
        var held = known is { HeldOnly: true } ? "; the hub held it active from before it started watching" : string.Empty;
        return
        [
            new MesAlarmChange
            {
                Kind = active ? MesAlarmChangeKind.Raised : MesAlarmChangeKind.Cleared,
                AssetId = asset,
                Code = code,
                Severity = severity,
                At = at,
                Message = message,
                Reason = $"OPC UA condition {LogText.Escape(Cut(e.SourceName, MaxReferenceNameLength))}/{LogText.Escape(e.ConditionName)} {state} (severity {severity}){(message is null ? string.Empty : ": " + message)}{held}",
                Reference = reference,
            },
        ];
    }

    private List<MesAlarmChange> EndRefresh(DateTimeOffset now)
    {
        var refreshed = _refreshedActive;
        _refreshedActive = null;
        if (refreshed is null)
        {
            return []; // an end without a start (the start was before this tracker existed): nothing to compare with
        }

        var changes = new List<MesAlarmChange>();
        foreach (var (key, tracked) in _conditions.Where(c => c.Value.Active && !refreshed.Contains(c.Key)).ToList())
        {
            _conditions[key] = tracked with { Active = false };
            changes.Add(new MesAlarmChange
            {
                Kind = MesAlarmChangeKind.Cleared,
                AssetId = key.Asset,
                Code = key.Code,
                At = now,
                Reason = tracked.HeldOnly
                    ? $"OPC UA condition {key.Code} of {key.Asset}, which the hub held active from before it started watching, is no longer active on the server (not among the active conditions the ConditionRefresh resent)"
                    : $"OPC UA condition {key.Code} of {key.Asset} is no longer active on the server (not among the active conditions a ConditionRefresh resent)",
                Reference = $"{endpoint} {key.Asset}/{key.Code}",
            });
        }

        return changes;
    }

    private static MesAlarmChange Reject(string reference, string reason, string? contentKey = null) =>
        new() { Kind = MesAlarmChangeKind.Rejected, Reason = reason, Reference = reference, ContentKey = contentKey };

    /// <summary>
    /// The identity of a refused event's content: the condition and the state it reports. A ConditionRefresh resends
    /// a retained condition's last state as it was (node-opcua even with its EventId), so the resend has the same key
    /// and the store keeps one dead letter of it; a new state (another Time, activity or severity) is a new letter.
    /// The EventId counts only when the server gives no Time, so that an event without one is not merged with others.
    /// </summary>
    private string ContentKey(ConditionEvent e)
    {
        var identity = string.Join('\u001f',
            "opcua-condition", endpoint, e.ConditionId.ToString(), e.SourceName, e.ConditionName,
            e.Time.Ticks.ToString(CultureInfo.InvariantCulture), e.Active ? "1" : "0", e.Enabled ? "1" : "0",
            e.Severity.ToString(CultureInfo.InvariantCulture), e.Message ?? string.Empty,
            e.Time == DateTime.MinValue ? Convert.ToHexString(e.EventId) : string.Empty);
        return "opcua:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)));
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    // HeldOnly: held active from the store (Hold), no event of it seen by this tracker yet.
    private sealed record Tracked(NodeId ConditionId, byte[] EventId, bool Active, bool HeldOnly);
}
