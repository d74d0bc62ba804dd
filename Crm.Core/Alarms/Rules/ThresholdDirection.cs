namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>Which side of its limit a threshold rule raises on.</summary>
public enum ThresholdDirection
{
    /// <summary>Raises when the value is above the limit; clears at or below the limit minus the deadband.</summary>
    High,

    /// <summary>Raises when the value is below the limit; clears at or above the limit plus the deadband.</summary>
    Low,
}
