using System.Collections.Concurrent;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>A message handler for tests: records every delivery and lets a test wait for a condition.</summary>
internal sealed class MessageCollector
{
    private readonly ConcurrentQueue<MqttApplicationMessage> _messages = new();

    public Func<MqttApplicationMessage, CancellationToken, ValueTask>? Before { get; set; }

    public IReadOnlyList<MqttApplicationMessage> Messages => [.. _messages];

    public int Count => _messages.Count;

    public IEnumerable<string> Payloads => _messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span));

    public async ValueTask HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (Before is { } before)
        {
            await before(message, cancellationToken);
        }

        _messages.Enqueue(message);
    }

    public Task WaitForCountAsync(int count, TimeSpan? timeout = null)
        => Eventually.WaitAsync(() => Count >= count, timeout ?? TimeSpan.FromSeconds(30), () => $"expected {count} messages, got {Count}");
}
