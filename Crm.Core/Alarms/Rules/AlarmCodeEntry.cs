namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>One row of a device's alarm code table.</summary>
public sealed record AlarmCodeEntry
{
    /// <summary>The alarm code raised for this value; when null, the rule's code and the value, as <c>CODE.17</c>.</summary>
    public string? Code { get; init; }

    /// <summary>The severity of this code.</summary>
    /// <value>The default value is <see cref="AlarmSeverity.Warning"/>.</value>
    public AlarmSeverity Severity { get; init; } = AlarmSeverity.Warning;

    /// <summary>The text in English.</summary>
    public required string TextEn { get; init; }

    /// <summary>The text in Simplified Chinese (zh-CN).</summary>
    public required string TextZhCn { get; init; }

    /// <summary>The text for a BCP 47 language tag: Chinese for any <c>zh</c> tag, English otherwise.</summary>
    public string Text(string language) =>
        language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? TextZhCn : TextEn;
}
