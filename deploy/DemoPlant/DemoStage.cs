namespace IntegrationHub.DemoPlant;

/// <summary>The stage a generated order is put in.</summary>
internal enum DemoStage
{
    Received,
    Scheduled,
    InProduction,
    QualityCheck,
    ReadyToShip,
    PartiallyShipped,
    Shipped,
    Delivered,
    Cancelled,
    OnHold,
}
