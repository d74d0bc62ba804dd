namespace IntegrationHub.Crm.Core.Progress;

/// <summary>What an order's ETA rests on, so that the portal can say how firm it is.</summary>
public enum EtaBasis
{
    /// <summary>No date is known.</summary>
    None,

    /// <summary>The date the ERP promised.</summary>
    Promised,

    /// <summary>The promised date moved by the production rate observed so far.</summary>
    ProductionRate,

    /// <summary>The carrier's ETA of the shipment.</summary>
    Shipment,

    /// <summary>The order was delivered; the ETA is the delivery time.</summary>
    Delivered,
}
