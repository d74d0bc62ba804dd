using System.Text.Json;

namespace IntegrationHub.Bench.Running;

/// <summary>What the benchmarks read from a hub's <c>/health</c>: an adapter's counts, a lease's holder.</summary>
internal static class HealthJson
{
    /// <summary>The counts object of the adapter named <paramref name="name"/>, wherever /health nests it.</summary>
    public static JsonElement? FindAdapterCounts(JsonElement element, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == name
                    && element.TryGetProperty("counts", out var counts))
                {
                    return counts;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (FindAdapterCounts(property.Value, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindAdapterCounts(item, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>A count of an adapter's counts object; 0 when it has none of that name.</summary>
    public static long Count(JsonElement counts, string name) => counts.TryGetProperty(name, out var value) ? value.GetInt64() : 0;

    /// <summary>The count <paramref name="count"/> of adapter <paramref name="adapter"/> on /health; 0 when either is missing.</summary>
    public static long AdapterCount(JsonElement health, string adapter, string count) =>
        FindAdapterCounts(health, adapter) is { } counts ? Count(counts, count) : 0;

    /// <summary>
    /// The lease <paramref name="name"/> in /health's <c>leases</c> (issue 18 item 1): its holder and whether this node
    /// runs the work; null when the lease is not listed.
    /// </summary>
    public static (string? Holder, bool HeldHere)? Lease(JsonElement health, string name)
    {
        if (!health.TryGetProperty("leases", out var leases) || leases.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var lease in leases.EnumerateArray())
        {
            if (lease.GetProperty("name").GetString() == name)
            {
                var holder = lease.TryGetProperty("holder", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
                return (holder, lease.TryGetProperty("heldHere", out var here) && here.GetBoolean());
            }
        }

        return null;
    }

    /// <summary>/health of the hub at <paramref name="http"/>'s base address, whatever its status code (503 while the store does not answer).</summary>
    public static async Task<JsonDocument> ReadAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }
}
