using System.Net.ServerSentEvents;

namespace IntegrationHub.Hub.Host.Web;

/// <summary>
/// What one read of a live page found: the event to send, and the key it is compared by (the page hears of it only
/// when the key differs from the last one sent). Default: nothing to send this time.
/// </summary>
internal readonly record struct LiveRead(string? Key, SseItem<string>? Item);
