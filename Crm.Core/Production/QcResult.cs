namespace IntegrationHub.Crm.Core.Production;

/// <summary>The quality-check result of a work order.</summary>
public enum QcResult
{
    /// <summary>No inspection is required for this work order.</summary>
    NotRequired,
    Pending,
    Passed,
    Failed,
}
