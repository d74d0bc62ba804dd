namespace IntegrationHub.Hub.Host.Labels;

/// <summary>One machine's sticker: the link its QR code holds, and the asset id and model printed under it.</summary>
internal sealed record MachineLabel(string AssetId, string? Model, string Link)
{
    /// <summary>The portal's page of one machine under <paramref name="baseUrl"/>; a customer not signed in signs in first and lands there.</summary>
    public static string LinkOf(Uri baseUrl, string assetId) =>
        new Uri(baseUrl, "/portal/").AbsoluteUri + "#/equipment/" + Uri.EscapeDataString(assetId);
}
