using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Equipment;

/// <summary>A machine we sold, installed at a customer's site; telemetry and alarms refer to its asset id.</summary>
public sealed record InstalledEquipment : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.InstalledEquipment;

    public override string Key => AssetId;

    public required string AssetId { get; init; }

    public required string CustomerCode { get; init; }

    public string? Model { get; init; }

    public string? SerialNo { get; init; }

    public string? Site { get; init; }

    public DateTimeOffset? InstalledAt { get; init; }
}
