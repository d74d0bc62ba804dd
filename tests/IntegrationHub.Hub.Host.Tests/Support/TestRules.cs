namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>Alarm rule files that several test classes load as they are.</summary>
internal static class TestRules
{
    /// <summary>Spindle above 90 °C for 30 s: a major OVERHEAT alarm, no deadband, no flapping limit.</summary>
    public const string Overheat = """
        rules:
          - id: overheat
            kind: threshold
            asset: "*"
            metric: temperature
            limit: 90
            raiseAfter: 00:00:30
            code: OVERHEAT
            severity: major
            text: { en: spindle overheating, zh-CN: 主轴温度过高 }
        """;
}
