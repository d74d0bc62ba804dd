namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>Which changes a rate-of-change rule raises on.</summary>
public enum RateDirection
{
    /// <summary>A rise or a fall by more than the limit.</summary>
    Either,

    /// <summary>Only a rise by more than the limit.</summary>
    Rising,

    /// <summary>Only a fall by more than the limit.</summary>
    Falling,
}
