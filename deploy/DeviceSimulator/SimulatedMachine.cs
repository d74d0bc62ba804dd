using System.Globalization;
using System.Text;

namespace IntegrationHub.DeviceSimulator;

/// <summary>
/// One packaging machine at a customer's site: its temperature wanders around its set point and now and then
/// overheats for a while, its spindle speed follows its load, and its vibration grows with the heat. Its running-hours
/// counter (for preventive maintenance, issue 24 item 4) starts between 420 and 500 hours and runs six minutes a second,
/// so that the demo's 500-hour plan falls due on one machine after another within minutes.
/// </summary>
internal sealed class SimulatedMachine(string customer, string assetId, Random random)
{
    private double _temperature = 60 + random.NextDouble() * 10;
    private int _overheatSecondsLeft;
    private double _runningHours = 420 + random.NextDouble() * 80;

    public string Topic { get; } = $"plant/{customer}/{assetId}/telemetry";

    public byte[] NextPayload(DateTimeOffset now)
    {
        if (_overheatSecondsLeft == 0 && random.NextDouble() < 0.002)
        {
            _overheatSecondsLeft = 30 + random.Next(90);
        }

        var target = _overheatSecondsLeft > 0 ? 92.0 : 65.0;
        _overheatSecondsLeft = Math.Max(0, _overheatSecondsLeft - 1);
        _temperature += ((target - _temperature) * 0.1) + ((random.NextDouble() - 0.5) * 0.8);
        var speed = 1_180 + random.Next(40);
        var vibration = 1.2 + (Math.Max(0, _temperature - 70) * 0.08) + (random.NextDouble() * 0.2);
        _runningHours += 0.1;

        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"ts":"{{now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","readings":[{"metric":"temperature","value":{{_temperature:0.0}},"unit":"°C"},{"metric":"spindle_speed","value":{{speed}},"unit":"rpm"},{"metric":"vibration","value":{{vibration:0.00}},"unit":"mm/s"},{"metric":"running_hours","value":{{_runningHours:0.0}},"unit":"h"}]}""");
        return Encoding.UTF8.GetBytes(json);
    }
}
