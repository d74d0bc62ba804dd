namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Telemetry</c> (issue 17 item 6): rollups are kept at least as long as what they roll up.</summary>
internal sealed class TelemetryOptionsValidator() : HubSettingsValidator<TelemetryOptions>(HubSettingPaths.Of(nameof(HubOptions.Telemetry)))
{
    protected override void Check(TelemetryOptions telemetry, List<string> errors)
    {
        var raw = Setting(nameof(telemetry.RawRetention));
        var minute = ConfigurationPath.Combine(Setting(nameof(telemetry.RollupRetention)), nameof(RollupRetentionOptions.Minute));
        var hour = ConfigurationPath.Combine(Setting(nameof(telemetry.RollupRetention)), nameof(RollupRetentionOptions.Hour));
        if (telemetry.RawRetention < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{raw} is {telemetry.RawRetention}. Use 00:01:00 or more, for example 7.00:00:00 (7 days).");
        }

        if (telemetry.RollupRetention.Minute < telemetry.RawRetention)
        {
            errors.Add($"{minute} is {telemetry.RollupRetention.Minute}, shorter than {raw} ({telemetry.RawRetention}). Keep minute rollups at least as long as raw readings, for example 90.00:00:00.");
        }

        if (telemetry.RollupRetention.Hour < telemetry.RollupRetention.Minute)
        {
            errors.Add($"{hour} is {telemetry.RollupRetention.Hour}, shorter than {minute} ({telemetry.RollupRetention.Minute}). Keep hour rollups at least as long, for example 1096.00:00:00 (3 years).");
        }
    }
}
