using System.Text.Json;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>A test hub's /health read and waited on, for the store fault tests (outage, fail-over).</summary>
internal static class HubHealth
{
    /// <summary>The hang guard of a wait: long enough for a busy machine, only there to stop a hang.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(180);

    /// <summary>The MQTT adapter's part of /health.</summary>
    public static JsonElement Mqtt(JsonElement health) =>
        health.GetProperty("adapters").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "mqtt");

    /// <summary>/health whatever its status code: 503 while the store does not answer.</summary>
    public static async Task<JsonElement> GetAsync(TestHub hub)
    {
        using var response = await hub.Client.GetAsync("/health");
        return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until /health meets <paramref name="condition"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForAsync(TestHub hub, Func<JsonElement, bool> condition, string what, Func<string>? diagnostics = null)
    {
        JsonElement health = default;
        await WaitForAsync(async () => condition(health = await GetAsync(hub)), what, hub, diagnostics);
        return health;
    }

    /// <summary>
    /// Waits for a condition, polling every 100 ms (a poll interval inside a condition wait with a hang guard): the
    /// guard only stops a hang, the condition is what the test waits for. A timeout carries the hub's log and
    /// <paramref name="diagnostics"/> (a cluster's logs).
    /// </summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TestHub hub, Func<string>? diagnostics = null)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            while (!await condition())
            {
                await Task.Delay(100, guard.Token);
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {what}. Hub log:\n{hub.Logs}\n{diagnostics?.Invoke()}");
        }
    }
}
