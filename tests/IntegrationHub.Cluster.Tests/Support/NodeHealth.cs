using System.Text.Json;

namespace IntegrationHub.Cluster.Tests.Support;

/// <summary>What one node's <c>/health</c> says about its leases (issue 18 item 1) and its adapters.</summary>
internal sealed record NodeHealth(string Json, IReadOnlyDictionary<string, string?> Holders, IReadOnlyDictionary<string, string> AdapterStates)
{
    /// <summary>Asks the node at <paramref name="baseAddress"/>; null when it does not answer (a dead node).</summary>
    public static async Task<NodeHealth?> ReadAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        string json;
        try
        {
            // 503 (store unreachable) still carries the report.
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
            json = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var holders = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var lease in document.RootElement.GetProperty("leases").EnumerateArray())
        {
            var live = lease.GetProperty("live").GetBoolean();
            holders[lease.GetProperty("name").GetString()!] = live && lease.GetProperty("heldHere").GetBoolean()
                ? lease.GetProperty("holder").GetString()
                : null;
        }

        var adapters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var adapter in document.RootElement.GetProperty("adapters").EnumerateArray())
        {
            adapters[adapter.GetProperty("name").GetString()!] = adapter.GetProperty("state").GetString()!;
        }

        return new NodeHealth(json, holders, adapters);
    }

    /// <summary>A counter of an adapter on /health (for example mes recordsStored); 0 when the adapter or counter is absent.</summary>
    public long Count(string adapter, string counter)
    {
        using var document = JsonDocument.Parse(Json);
        foreach (var a in document.RootElement.GetProperty("adapters").EnumerateArray())
        {
            if (a.GetProperty("name").GetString() == adapter && a.GetProperty("counts").TryGetProperty(counter, out var value))
            {
                return value.GetInt64();
            }
        }

        return 0;
    }

    /// <summary>Whether this node holds every one of <paramref name="leases"/> and runs their work.</summary>
    public bool HoldsAll(IEnumerable<string> leases, string node) => leases.All(l => Holders.GetValueOrDefault(l) == node);
}
