namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>The order milestones customers and sales owners are told of (issue 23 item 2).</summary>
internal enum MilestoneKind
{
    /// <summary>A shipment of the order has a carrier and a tracking number.</summary>
    Shipped,

    /// <summary>A shipment of the order carries a delivery time.</summary>
    Delivered,

    /// <summary>The carrier's ETA of a shipment not yet delivered falls on a day after the promised date.</summary>
    Late,
}
