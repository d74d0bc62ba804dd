using System.Globalization;

namespace IntegrationHub.Bench.OpcUa;

/// <summary>The benchmark server's own count for one subscription, from its <c>STATS id sent overflows</c> lines.</summary>
internal sealed record ServerCount(long Sent, long Overflows)
{
    /// <summary>The last count the server printed for <paramref name="subscriptionId"/>; null if it printed none.</summary>
    public static ServerCount? Last(IReadOnlyList<string> serverLines, uint subscriptionId)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"STATS {subscriptionId} ");
        var line = serverLines.LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var parts = line[prefix.Length..].Split(' ');
        return new ServerCount(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
