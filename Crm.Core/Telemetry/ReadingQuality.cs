namespace IntegrationHub.Crm.Core.Telemetry;

/// <summary>How far a reading can be trusted, as the device or server reports it.</summary>
public enum ReadingQuality
{
    Good,
    Uncertain,
    Bad,

    /// <summary>
    /// The device is gone: its Sparkplug B edge node or device published its death (issue 22 item 4). The value is the
    /// last one known and is stale. Value rules ignore it; a no-data rule raises on it at once, without waiting out its
    /// silence, and clears on the next reading of any other quality.
    /// </summary>
    Offline,
}
