namespace IntegrationHub.Crm.Core.Progress;

/// <summary>
/// The stages an order goes through, in order, as the customer sees them; <see cref="OnHold"/> and
/// <see cref="Cancelled"/> stand outside the sequence. Names are part of the portal API: do not rename.
/// </summary>
public enum OrderStage
{
    Received,
    Scheduled,
    InProduction,
    QualityCheck,
    ReadyToShip,
    PartiallyShipped,
    Shipped,
    Delivered,
    OnHold,
    Cancelled,
}
