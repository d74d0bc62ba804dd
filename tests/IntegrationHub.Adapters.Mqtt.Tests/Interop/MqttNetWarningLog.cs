using System.Collections.Concurrent;
using System.Globalization;
using MQTTnet.Diagnostics.Logger;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// Keeps MQTTnet.Server's recent warnings and errors for the message of a failing test. The level is checked before
/// the message is formatted: MQTTnet logs every packet at Verbose, which a formatting logger would pay for.
/// </summary>
internal sealed class MqttNetWarningLog : IMqttNetLogger
{
    private const int MaxLines = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    public bool IsEnabled => true;

    public string Text => string.Join(Environment.NewLine, _lines);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        if (level is not (MqttNetLogLevel.Warning or MqttNetLogLevel.Error))
        {
            return;
        }

        string text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        _lines.Enqueue($"{level} {source}: {text} {exception?.Message}");
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }
}
