using System.Net;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>A CRM reading the change feed of a test hub, as a real one would: key in the header, cursor from page to page.</summary>
internal static class CrmFeedClient
{
    /// <summary>Issues a key through the admin command, as IT would; returns the key printed once.</summary>
    public static async Task<string> IssueKeyAsync(TestHub hub, string kinds, string consumer = "test-crm")
    {
        var (code, output, error) = await hub.RunCommandAsync("crm", "issue-key", "--consumer", consumer, "--kinds", kinds);
        Assert.True(code == 0, $"crm issue-key failed ({code}): {error}");
        return output.Trim();
    }

    /// <summary>One request to the feed; the query string as given (hostile ones included).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(TestHub hub, string? key, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/crm/changes" + query);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        using var response = await hub.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        // The server's own refusals (a request line over its limit) have no body.
        using var json = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, json.RootElement.Clone());
    }

    /// <summary>Reads every page from <paramref name="cursor"/> on; returns the changes and the cursor to resume from.</summary>
    public static async Task<(List<JsonElement> Changes, string Next)> ReadAllAsync(TestHub hub, string key, string? cursor, string extra = "")
    {
        var changes = new List<JsonElement>();
        // Bounded: a feed that never ends its paging is a bug, not a slow machine.
        for (var pages = 0; pages < 1000; pages++)
        {
            var query = "?limit=5" + extra + (cursor is null ? string.Empty : "&after=" + Uri.EscapeDataString(cursor));
            var (status, body) = await GetAsync(hub, key, query);
            Assert.True(status == HttpStatusCode.OK, $"page {pages}: {status} {body}");
            changes.AddRange(body.GetProperty("changes").EnumerateArray());
            cursor = body.GetProperty("next").GetString()!;
            if (!body.GetProperty("more").GetBoolean())
            {
                return (changes, cursor);
            }
        }

        throw new InvalidOperationException("The feed did not end within 1000 pages.");
    }

    public static (long Position, string Kind, string Key) Describe(JsonElement change) =>
        (change.GetProperty("position").GetInt64(), change.GetProperty("kind").GetString()!, change.GetProperty("key").GetString()!);
}
