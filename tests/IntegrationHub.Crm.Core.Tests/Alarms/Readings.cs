using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Crm.Core.Telemetry;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

/// <summary>Shorthands for the alarm tests.</summary>
internal static class Readings
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    public static TelemetryReading At(TimeSpan offset, double value, string metric = "temperature", string asset = "M-1") =>
        new(asset, metric, value, null, T0 + offset, ReadingQuality.Good);

    public static TimeSpan Min(double minutes) => TimeSpan.FromMinutes(minutes);

    public static TimeSpan Sec(double seconds) => TimeSpan.FromSeconds(seconds);

    public static ThresholdRule HighTemperature(TimeSpan? raiseDelay = null, TimeSpan? clearDelay = null) => new()
    {
        Id = "hot",
        AssetId = "M-1",
        Metric = "temperature",
        Code = "TEMP-HIGH",
        Severity = AlarmSeverity.Major,
        Limit = 90,
        Deadband = 5,
        RaiseDelay = raiseDelay ?? TimeSpan.Zero,
        ClearDelay = clearDelay ?? TimeSpan.Zero,
    };

    public static List<AlarmTransition> Feed(AlarmEvaluator evaluator, params TelemetryReading[] readings) =>
        readings.SelectMany(evaluator.OnReading).ToList();
}
