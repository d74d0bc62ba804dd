using System.Text.Json;

namespace IntegrationHub.Hub.Host.Tests.Live;

/// <summary>Reads a server-sent event stream as the browser's EventSource does: event name, data lines, a blank line ends an event.</summary>
internal sealed class EventStream(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>The data of the next event named <paramref name="name"/> (pings and other events skipped).</summary>
    public async Task<JsonElement> NextAsync(string name, CancellationToken cancellationToken)
    {
        string? eventName = null;
        string? data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (eventName == name && data is not null)
                {
                    return JsonDocument.Parse(data).RootElement.Clone();
                }

                eventName = null;
                data = null;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new EndOfStreamException($"The event stream ended before a '{name}' event.");
    }

    /// <summary>The next event named <paramref name="name"/> that satisfies <paramref name="wanted"/>; the ones before it are returned too.</summary>
    public async Task<(JsonElement Found, List<JsonElement> Before)> NextWhereAsync(string name, Func<JsonElement, bool> wanted, CancellationToken cancellationToken)
    {
        var before = new List<JsonElement>();
        while (true)
        {
            var next = await NextAsync(name, cancellationToken);
            if (wanted(next))
            {
                return (next, before);
            }

            before.Add(next);
        }
    }

    public void Dispose() => _reader.Dispose();
}
