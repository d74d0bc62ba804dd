using System.Buffers.Text;
using System.Globalization;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// mosquitto's count of messages it dropped (<c>$SYS/broker/publish/messages/dropped</c>, published retained every
/// sys_interval when it changes): with its default limits a burst to a busy subscriber loses messages while the
/// publisher gets every PUBACK (issue 16 item 13). The first value seen is the baseline; any rise is reported.
/// The count is the broker's, for all its subscribers: the hub may or may not be the one that lost them.
/// </summary>
internal sealed class BrokerDropCounter
{
    public const string Topic = "$SYS/broker/publish/messages/dropped";

    private readonly Lock _lock = new();
    private long? _baseline;
    private long _latest;

    /// <summary>Gets how many messages the broker dropped since the adapter first saw the counter.</summary>
    public long DroppedSinceStart
    {
        get
        {
            lock (_lock)
            {
                return _baseline is { } baseline ? _latest - baseline : 0;
            }
        }
    }

    /// <summary>Gets the warning for /health, or null while nothing was dropped.</summary>
    public string? Warning
    {
        get
        {
            long dropped = DroppedSinceStart;
            return dropped <= 0 ? null : string.Create(CultureInfo.InvariantCulture,
                $"the MQTT broker dropped {dropped} message(s) since the hub subscribed ({Topic}): telemetry may be lost. Raise max_queued_messages (and max_inflight_messages) as in deploy/mosquitto/mosquitto.conf");
        }
    }

    /// <summary>
    /// Takes one published value (ASCII digits); anything else is ignored. The retained value delivered on subscribe
    /// is the baseline; a live value with no retained one before it means the counter rose from 0 (mosquitto
    /// publishes it on change), so the baseline is then 0.
    /// </summary>
    public void Observe(ReadOnlySpan<byte> payload, bool retained)
    {
        if (!Utf8Parser.TryParse(payload, out long value, out int used) || used != payload.Length || value < 0)
        {
            return;
        }

        lock (_lock)
        {
            // A broker restart starts its counter again at zero: that becomes the new baseline, keeping what was seen.
            if (_baseline is null)
            {
                _baseline = retained ? value : 0;
            }
            else if (value < _latest)
            {
                _baseline = value - (_latest - _baseline.Value);
            }

            _latest = value;
        }
    }
}
