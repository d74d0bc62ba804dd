namespace IntegrationHub.Crm.Core.Telemetry;

/// <summary>How far a reading can be trusted, as the device or server reports it.</summary>
public enum ReadingQuality
{
    Good,
    Uncertain,
    Bad,
}
