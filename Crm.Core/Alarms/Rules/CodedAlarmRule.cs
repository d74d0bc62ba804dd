using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>
/// A boolean or integer alarm tag published by the device (OPC UA or MQTT): <see cref="NormalValue"/> means no alarm,
/// any other value is an alarm code looked up in <see cref="Codes"/>.
/// </summary>
/// <remarks>
/// A boolean tag is read as 0 (false) or 1 (true); with an empty code table it raises the rule's own
/// <see cref="AlarmRule.Code"/>. With a table, a value not in it raises <c>{Code}.{value}</c> at the rule's severity,
/// with a text saying the code is unknown, so an incomplete table loses no alarm. A change from one code to another
/// clears the first and raises the second. Values that are not whole numbers are ignored.
/// </remarks>
public sealed record CodedAlarmRule : AlarmRule
{
    /// <summary>The value meaning "no alarm".</summary>
    /// <value>The default value is 0.</value>
    public long NormalValue { get; init; }

    /// <summary>The device's alarm code table, by value.</summary>
    /// <value>The default value is an empty table (a boolean tag).</value>
    public IReadOnlyDictionary<long, AlarmCodeEntry> Codes { get; init; } = new Dictionary<long, AlarmCodeEntry>();

    /// <summary>
    /// Looks up <paramref name="value"/>: the code, severity and texts to raise, and whether the table knew it.
    /// </summary>
    public CodeLookup Lookup(long value)
    {
        if (Codes.TryGetValue(value, out var entry))
        {
            return new CodeLookup(entry.Code ?? Invariant($"{Code}.{value}"), entry.Severity, entry.TextEn, entry.TextZhCn, true);
        }

        if (Codes.Count == 0)
        {
            return new CodeLookup(Code, Severity, TextEn, TextZhCn, true);
        }

        return new CodeLookup(
            Invariant($"{Code}.{value}"),
            Severity,
            Invariant($"Unknown alarm code {value} (not in the code table of rule '{Id}')"),
            Invariant($"未知报警代码 {value}（不在规则 '{Id}' 的代码表中）"),
            false);
    }

    private protected override void ValidateKind(string name, List<string> errors)
    {
        if (Metric == Any)
        {
            errors.Add(Invariant($"{name}: a coded alarm rule needs the tag's metric, not '*'."));
        }

        if (Codes.ContainsKey(NormalValue))
        {
            errors.Add(Invariant($"{name}: the code table has an entry for {NormalValue}, the normal value; remove it or change NormalValue."));
        }

        foreach (var (value, entry) in Codes)
        {
            if (string.IsNullOrWhiteSpace(entry.TextEn) || string.IsNullOrWhiteSpace(entry.TextZhCn))
            {
                errors.Add(Invariant($"{name}: code {value} needs both TextEn and TextZhCn."));
            }
        }
    }
}
