using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>
/// The alarm lifecycle as a pure state machine: Active to Acknowledged to Cleared, or Active straight to Cleared.
/// Refused steps (expected desk misuse, such as a double acknowledgement) are values, not exceptions.
/// </summary>
/// <remarks>
/// Allowed: Active → Acknowledged (by a user), Active → Cleared, Acknowledged → Cleared. Refused: anything from
/// Cleared, a second acknowledgement, and steps dated before the previous step.
/// </remarks>
public static class AlarmLifecycle
{
    /// <summary>The active alarm for a <see cref="AlarmTransitionKind.Raised"/> transition.</summary>
    /// <exception cref="ArgumentException">The transition is not a raise.</exception>
    public static Alarm Raise(AlarmTransition raised)
    {
        ArgumentNullException.ThrowIfNull(raised);
        if (raised.Kind != AlarmTransitionKind.Raised)
        {
            throw new ArgumentException(Invariant($"Expected a Raised transition but got {raised.Kind}."), nameof(raised));
        }

        return new Alarm
        {
            AssetId = raised.AssetId,
            Code = raised.Code,
            Severity = raised.Severity,
            RaisedAt = raised.At,
            Text = raised.TextEn ?? raised.Reason,
            RuleId = raised.RuleId,
            Flapping = raised.IsFlapping,
        };
    }

    /// <summary>Acknowledges an active alarm.</summary>
    public static AlarmLifecycleResult Acknowledge(Alarm alarm, DateTimeOffset at, string user)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (string.IsNullOrWhiteSpace(user))
        {
            return Refuse(alarm, AlarmLifecycleError.MissingUser, "An acknowledgement needs the user who makes it.");
        }

        switch (alarm.State)
        {
            case AlarmState.Acknowledged:
                return Refuse(alarm, AlarmLifecycleError.AlreadyAcknowledged,
                    Invariant($"Alarm {alarm.Code} on {alarm.AssetId} was already acknowledged by {alarm.AcknowledgedBy} at {Show(alarm.AcknowledgedAt)}."));
            case AlarmState.Cleared:
                return Refuse(alarm, AlarmLifecycleError.AlreadyCleared,
                    Invariant($"Alarm {alarm.Code} on {alarm.AssetId} cleared at {Show(alarm.ClearedAt)}; a cleared alarm cannot be acknowledged."));
        }

        if (at < alarm.RaisedAt)
        {
            return Refuse(alarm, AlarmLifecycleError.TimeBeforePreviousStep,
                Invariant($"Acknowledgement at {Show(at)} is before the alarm was raised at {Show(alarm.RaisedAt)}."));
        }

        return new AlarmLifecycleResult
        {
            Alarm = alarm with { State = AlarmState.Acknowledged, AcknowledgedAt = at, AcknowledgedBy = user },
            Message = Invariant($"Alarm {alarm.Code} on {alarm.AssetId} acknowledged by {user} at {Show(at)}."),
        };
    }

    /// <summary>Clears an active or acknowledged alarm.</summary>
    /// <param name="alarm">The alarm.</param>
    /// <param name="at">When the condition ended.</param>
    /// <param name="reason">Why, for example the <see cref="AlarmTransition.Reason"/> of the clear.</param>
    public static AlarmLifecycleResult Clear(Alarm alarm, DateTimeOffset at, string reason)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (alarm.State == AlarmState.Cleared)
        {
            return Refuse(alarm, AlarmLifecycleError.AlreadyCleared,
                Invariant($"Alarm {alarm.Code} on {alarm.AssetId} was already cleared at {Show(alarm.ClearedAt)}."));
        }

        var previous = alarm.AcknowledgedAt ?? alarm.RaisedAt;
        if (at < previous)
        {
            return Refuse(alarm, AlarmLifecycleError.TimeBeforePreviousStep,
                Invariant($"Clear at {Show(at)} is before the alarm's previous step at {Show(previous)}."));
        }

        return new AlarmLifecycleResult
        {
            Alarm = alarm with { State = AlarmState.Cleared, ClearedAt = at },
            Message = Invariant($"Alarm {alarm.Code} on {alarm.AssetId} cleared at {Show(at)} from {alarm.State}: {reason}"),
        };
    }

    private static AlarmLifecycleResult Refuse(Alarm alarm, AlarmLifecycleError error, string message) =>
        new() { Alarm = alarm, Error = error, Message = message };

    private static string Show(DateTimeOffset? time) =>
        time?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)";
}
