namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.22.2: how small changes are suppressed.</summary>
public enum DeadbandType
{
    /// <summary>Every change is reported.</summary>
    None = 0,
    /// <summary>Changes smaller than an absolute amount are suppressed.</summary>
    Absolute = 1,
    /// <summary>Changes smaller than a percentage of the EURange are suppressed (needs an EURange property).</summary>
    Percent = 2,
}
