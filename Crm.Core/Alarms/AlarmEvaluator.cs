using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Crm.Core.Telemetry;
using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>
/// Runs alarm rules over telemetry: feed it readings and clock ticks, get <see cref="AlarmTransition"/>s out.
/// Pure and deterministic: time comes only from the readings' timestamps and the ticks' times.
/// </summary>
/// <remarks>
/// <para>The host calls <see cref="OnReading"/> for each reading and <see cref="OnTick"/> every few seconds with
/// <see cref="TimeProvider.GetUtcNow"/>; ticks run out debounce and clear delays and detect silence. After each
/// call it stores <see cref="ExportChanges"/> in the same transaction as the transitions' effects, and after a
/// restart builds the evaluator again with everything stored, so timers resume where they were.</para>
/// <para>Delivery is at least once: a reading not newer than the last one seen for a rule and asset is ignored, so
/// replays and out-of-order readings make no transition. Readings of quality <see cref="ReadingQuality.Bad"/> and
/// non-finite values are ignored by value rules but count as data for no-data rules. A reading of quality
/// <see cref="ReadingQuality.Offline"/> (the device said it is gone) is ignored by value rules and raises a no-data
/// rule at once.</para>
/// <para>Not thread-safe: the host gives each evaluator one caller at a time (one per partition of assets).</para>
/// </remarks>
public sealed partial class AlarmEvaluator
{
    private readonly List<AlarmRule> _rules;
    private readonly Dictionary<string, int> _ruleIndex;
    private readonly Dictionary<(string RuleId, string AssetId), AlarmRuleState> _states = [];
    private readonly HashSet<(string RuleId, string AssetId)> _changed = [];

    /// <summary>Creates an evaluator for <paramref name="rules"/>, resuming from <paramref name="state"/>.</summary>
    /// <param name="rules">The rules; all must be valid (<see cref="AlarmRule.Validate"/>) with unique ids.</param>
    /// <param name="state">Stored state from <see cref="ExportState"/>; entries of rules no longer configured are
    /// dropped.</param>
    /// <exception cref="ArgumentException">A rule is invalid or an id repeats; the message lists every error.</exception>
    public AlarmEvaluator(IEnumerable<AlarmRule> rules, IEnumerable<AlarmRuleState>? state = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        var errors = _rules.SelectMany(r => r.Validate()).ToList();
        errors.AddRange(_rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => Invariant($"rule '{g.Key}' is declared {g.Count()} times; give each rule its own id.")));
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(rules));
        }

        _ruleIndex = _rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        foreach (var s in state ?? [])
        {
            if (_ruleIndex.ContainsKey(s.RuleId))
            {
                _states[(s.RuleId, s.AssetId)] = s;
            }
        }
    }

    /// <summary>The rules, in the order given.</summary>
    public IReadOnlyList<AlarmRule> Rules => _rules;

    /// <summary>Evaluates one reading against every rule that watches its asset and metric.</summary>
    /// <returns>The transitions it caused, in rule order; empty for a replayed or out-of-order reading.</returns>
    public IReadOnlyList<AlarmTransition> OnReading(TelemetryReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var output = new List<AlarmTransition>();
        var usable = reading.Quality is not (ReadingQuality.Bad or ReadingQuality.Offline) && double.IsFinite(reading.Value);
        foreach (var rule in _rules)
        {
            if (!rule.Matches(reading.AssetId, reading.Metric) || (!usable && rule is not NoDataRule))
            {
                continue;
            }

            var key = (rule.Id, reading.AssetId);
            var state = _states.GetValueOrDefault(key) ?? new AlarmRuleState { RuleId = rule.Id, AssetId = reading.AssetId };
            if (state.LastReadingAt is { } last && reading.Timestamp <= last)
            {
                continue;
            }

            state = state with
            {
                LastReadingAt = reading.Timestamp,
                LastValue = usable ? reading.Value : state.LastValue,
            };
            state = rule switch
            {
                ThresholdRule t => OnThresholdReading(t, state, reading, output),
                RateOfChangeRule r => OnRateReading(r, state, reading, output),
                CodedAlarmRule c => OnCodedReading(c, state, reading, output),
                NoDataRule n => OnNoDataReading(n, state, reading, output),
                _ => throw new NotSupportedException(Invariant($"Rule kind {rule.GetType().Name} has no evaluation.")),
            };
            Store(key, state);
        }

        return output;
    }

    /// <summary>
    /// Advances the clock to <paramref name="now"/>: raises and clears whose delay has run out, no-data alarms
    /// whose silence has lasted, and flapping marks whose window has passed.
    /// </summary>
    /// <returns>The transitions, ordered by rule, then asset.</returns>
    public IReadOnlyList<AlarmTransition> OnTick(DateTimeOffset now)
    {
        var output = new List<AlarmTransition>();
        var keys = _states.Keys
            .OrderBy(k => _ruleIndex[k.RuleId])
            .ThenBy(k => k.AssetId, StringComparer.Ordinal)
            .ToList();
        foreach (var key in keys)
        {
            var rule = _rules[_ruleIndex[key.RuleId]];
            var state = _states[key];
            var next = rule switch
            {
                ThresholdRule t => OnThresholdTick(t, state, now, output),
                NoDataRule n => OnNoDataTick(n, state, now, output),
                _ => state,
            };
            next = EndFlapping(rule, next, now);
            if (!ReferenceEquals(next, state))
            {
                Store(key, next);
            }
        }

        return output;
    }

    /// <summary>The state of <paramref name="ruleId"/> on <paramref name="assetId"/>, or null if it has none yet.</summary>
    public AlarmRuleState? GetState(string ruleId, string assetId) => _states.GetValueOrDefault((ruleId, assetId));

    /// <summary>Every state, ordered by rule, then asset: what the host stores, and gives back on a restart.</summary>
    public IReadOnlyList<AlarmRuleState> ExportState() =>
    [
        .. _states.OrderBy(p => _ruleIndex[p.Key.RuleId]).ThenBy(p => p.Key.AssetId, StringComparer.Ordinal)
            .Select(p => p.Value),
    ];

    /// <summary>
    /// The states changed since the previous call (or since construction), to upsert by (rule id, asset id); each
    /// call forgets the changes it returns.
    /// </summary>
    public IReadOnlyList<AlarmRuleState> ExportChanges()
    {
        var changed = _changed
            .OrderBy(k => _ruleIndex[k.RuleId]).ThenBy(k => k.AssetId, StringComparer.Ordinal)
            .Select(k => _states[k])
            .ToList();
        _changed.Clear();
        return changed;
    }

    private void Store((string RuleId, string AssetId) key, AlarmRuleState state)
    {
        _states[key] = state;
        _changed.Add(key);
    }

    private static AlarmRuleState Raise(
        AlarmRule rule,
        AlarmRuleState state,
        DateTimeOffset at,
        double? value,
        CodeLookup alarm,
        string reason,
        List<AlarmTransition> output)
    {
        List<DateTimeOffset> recent = [.. state.RecentRaises.Where(r => r > at - rule.FlapWindow), at];
        var flapping = recent.Count > rule.FlapThreshold;
        if (flapping)
        {
            reason += Invariant($"; flapping: {recent.Count} raises within {rule.FlapWindow} (more than {rule.FlapThreshold})");
        }

        output.Add(new AlarmTransition
        {
            Kind = AlarmTransitionKind.Raised,
            RuleId = rule.Id,
            AssetId = state.AssetId,
            Metric = rule.Metric,
            Code = alarm.Code,
            Severity = alarm.Severity,
            At = at,
            Value = value,
            Reason = reason,
            TextEn = alarm.TextEn,
            TextZhCn = alarm.TextZhCn,
            IsFlapping = flapping,
        });
        return state with
        {
            Active = true,
            ActiveCode = alarm.Code,
            ActiveSeverity = alarm.Severity,
            ActiveSince = at,
            PendingRaiseSince = null,
            PendingClearSince = null,
            RecentRaises = recent,
            Flapping = flapping,
        };
    }

    private static AlarmRuleState Clear(
        AlarmRule rule,
        AlarmRuleState state,
        DateTimeOffset at,
        double? value,
        string reason,
        List<AlarmTransition> output)
    {
        output.Add(new AlarmTransition
        {
            Kind = AlarmTransitionKind.Cleared,
            RuleId = rule.Id,
            AssetId = state.AssetId,
            Metric = rule.Metric,
            Code = state.ActiveCode ?? rule.Code,
            Severity = state.ActiveSeverity ?? rule.Severity,
            At = at,
            Value = value,
            Reason = reason,
            TextEn = rule.TextEn,
            TextZhCn = rule.TextZhCn,
            IsFlapping = state.Flapping,
        });
        return state with
        {
            Active = false,
            ActiveCode = null,
            ActiveSeverity = null,
            ActiveSince = null,
            PendingRaiseSince = null,
            PendingClearSince = null,
        };
    }

    private static AlarmRuleState EndFlapping(AlarmRule rule, AlarmRuleState state, DateTimeOffset now)
    {
        if (!state.Flapping)
        {
            return state;
        }

        var recent = state.RecentRaises.Where(r => r > now - rule.FlapWindow).ToList();
        return recent.Count > rule.FlapThreshold ? state : state with { Flapping = false, RecentRaises = recent };
    }

    private static CodeLookup RuleAlarm(AlarmRule rule) => new(rule.Code, rule.Severity, rule.TextEn, rule.TextZhCn, true);

    private static string Show(DateTimeOffset time) => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
