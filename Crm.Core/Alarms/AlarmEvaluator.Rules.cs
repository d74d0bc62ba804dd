using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Crm.Core.Telemetry;
using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>The evaluation of each rule kind.</summary>
public sealed partial class AlarmEvaluator
{
    private static AlarmRuleState OnThresholdReading(
        ThresholdRule rule, AlarmRuleState state, TelemetryReading reading, List<AlarmTransition> output)
    {
        var at = reading.Timestamp;
        if (!state.Active)
        {
            if (!rule.IsBeyondLimit(reading.Value))
            {
                // Back at or inside the limit before the debounce ran out: the debounce starts again next time.
                return state with { PendingRaiseSince = null };
            }

            state = state with { PendingRaiseSince = state.PendingRaiseSince ?? at };
            return RaiseIfDue(rule, state, at, output);
        }

        if (!rule.IsAtClearLevel(reading.Value))
        {
            return state with { PendingClearSince = null };
        }

        state = state with { PendingClearSince = state.PendingClearSince ?? at };
        return ClearIfDue(rule, state, at, output);
    }

    private static AlarmRuleState OnThresholdTick(
        ThresholdRule rule, AlarmRuleState state, DateTimeOffset now, List<AlarmTransition> output) =>
        state.Active ? ClearIfDue(rule, state, now, output) : RaiseIfDue(rule, state, now, output);

    private static AlarmRuleState RaiseIfDue(ThresholdRule rule, AlarmRuleState state, DateTimeOffset now, List<AlarmTransition> output)
    {
        if (state.PendingRaiseSince is not { } since || now - since < rule.RaiseDelay)
        {
            return state;
        }

        var side = rule.Direction == ThresholdDirection.High ? "above" : "below";
        var reason = Invariant($"{rule.Metric} = {state.LastValue} is {side} the limit {rule.Limit}")
            + (rule.RaiseDelay > TimeSpan.Zero ? Invariant($" for {rule.RaiseDelay} since {Show(since)}") : "");
        return Raise(rule, state, since + rule.RaiseDelay, state.LastValue, RuleAlarm(rule), reason, output);
    }

    private static AlarmRuleState ClearIfDue(ThresholdRule rule, AlarmRuleState state, DateTimeOffset now, List<AlarmTransition> output)
    {
        if (state.PendingClearSince is not { } since || now - since < rule.ClearDelay)
        {
            return state;
        }

        var side = rule.Direction == ThresholdDirection.High ? "at or below" : "at or above";
        var reason = Invariant($"{rule.Metric} = {state.LastValue} is back {side} {rule.ClearLevel} (limit {rule.Limit}, deadband {rule.Deadband})")
            + (rule.ClearDelay > TimeSpan.Zero ? Invariant($" for {rule.ClearDelay} since {Show(since)}") : "");
        return Clear(rule, state, since + rule.ClearDelay, state.LastValue, reason, output);
    }

    private static AlarmRuleState OnRateReading(
        RateOfChangeRule rule, AlarmRuleState state, TelemetryReading reading, List<AlarmTransition> output)
    {
        var at = reading.Timestamp;
        List<TimedValue> samples = [.. state.Samples.Where(s => s.At >= at - rule.Window), new TimedValue(at, reading.Value)];
        state = state with { Samples = samples };
        var baseline = samples[0];
        var change = reading.Value - baseline.Value;
        var exceeds = rule.Exceeds(change);
        var describe = Invariant($"{rule.Metric} changed by {change} in {at - baseline.At} (from {baseline.Value} at {Show(baseline.At)} to {reading.Value})");
        if (!state.Active && exceeds)
        {
            return Raise(rule, state, at, reading.Value, RuleAlarm(rule),
                describe + Invariant($", more than {rule.MaxChange} within {rule.Window}"), output);
        }

        if (state.Active && !exceeds)
        {
            return Clear(rule, state, at, reading.Value,
                describe + Invariant($", within {rule.MaxChange} per {rule.Window} again"), output);
        }

        return state;
    }

    private static AlarmRuleState OnCodedReading(
        CodedAlarmRule rule, AlarmRuleState state, TelemetryReading reading, List<AlarmTransition> output)
    {
        var v = reading.Value;
        if (v != Math.Floor(v) || v < long.MinValue || v > long.MaxValue)
        {
            return state;
        }

        var value = (long)v;
        if (value == rule.NormalValue)
        {
            return state.Active
                ? Clear(rule, state, reading.Timestamp, v, Invariant($"{rule.Metric} is back to the normal value {value}"), output)
                : state;
        }

        var alarm = rule.Lookup(value);
        if (state.Active && string.Equals(state.ActiveCode, alarm.Code, StringComparison.Ordinal))
        {
            return state;
        }

        if (state.Active)
        {
            state = Clear(rule, state, reading.Timestamp, v,
                Invariant($"{rule.Metric} changed from code {state.ActiveCode} to {alarm.Code}"), output);
        }

        var reason = Invariant($"{rule.Metric} reports code {value}: ")
            + (alarm.Known ? alarm.TextEn ?? alarm.Code : Invariant($"unknown code {value}, raised as {alarm.Code}"));
        return Raise(rule, state, reading.Timestamp, v, alarm, reason, output);
    }

    private static AlarmRuleState OnNoDataReading(
        NoDataRule rule, AlarmRuleState state, TelemetryReading reading, List<AlarmTransition> output)
    {
        if (reading.Quality == ReadingQuality.Offline)
        {
            // The device said it is gone (a Sparkplug B death, issue 22 item 4): waiting out the silence would only
            // delay what is already known. Stamped with the death; an alarm already raised stays as it is.
            return state.Active
                ? state
                : Raise(rule, state, reading.Timestamp, null, RuleAlarm(rule),
                    Invariant($"{state.AssetId} went offline at {Show(reading.Timestamp)} (its {reading.Metric} is stale)"), output);
        }

        // Cleared by the first reading after a silence or a death.
        return state.Active
            ? Clear(rule, state, reading.Timestamp, null,
                Invariant($"data again: {reading.Metric} at {Show(reading.Timestamp)}, after no data since {Show(state.ActiveSince!.Value)}"),
                output)
            : state;
    }

    private static AlarmRuleState OnNoDataTick(NoDataRule rule, AlarmRuleState state, DateTimeOffset now, List<AlarmTransition> output)
    {
        if (state.Active || state.LastReadingAt is not { } last || now - last < rule.Silence)
        {
            return state;
        }

        var what = rule.Metric == AlarmRule.Any ? "no data" : Invariant($"no {rule.Metric} data");
        return Raise(rule, state, last + rule.Silence, null, RuleAlarm(rule),
            Invariant($"{what} from {state.AssetId} for {rule.Silence} (last reading at {Show(last)})"), output);
    }
}
