namespace IntegrationHub.Hub.Host.Parts;

/// <summary>The answer for one requested line, as the phone page and the ERP file show it.</summary>
internal static class PartLineStatus
{
    /// <summary>Enough is available over all warehouses.</summary>
    public const string Available = "available";

    /// <summary>The item is known but less is available than asked; still sent to the ERP, marked short: the ERP decides.</summary>
    public const string Short = "short";

    /// <summary>The ERP reported no stock level of the item (a typo, or an item never stocked); recorded and sent, marked unknown.</summary>
    public const string Unknown = "unknown";

    public static string Of(PartAvailability stock, decimal quantity) =>
        !stock.Known ? Unknown : stock.TotalAvailable >= quantity ? Available : Short;
}
