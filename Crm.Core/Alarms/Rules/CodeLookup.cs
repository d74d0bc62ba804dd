namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>The result of looking a value up in a <see cref="CodedAlarmRule"/>'s code table.</summary>
/// <param name="Code">The alarm code to raise.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="TextEn">Its text in English, if any.</param>
/// <param name="TextZhCn">Its text in Simplified Chinese, if any.</param>
/// <param name="Known">False when the table has entries but none for the value.</param>
public sealed record CodeLookup(string Code, AlarmSeverity Severity, string? TextEn, string? TextZhCn, bool Known);
