namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>How <c>hub store copy</c> ended.</summary>
internal enum StoreCopyOutcome
{
    /// <summary>Every table copied and committed, and every count matches.</summary>
    Copied,

    /// <summary>Refused before anything was written to the target.</summary>
    Refused,

    /// <summary>Failed or cancelled while copying; the copy's transaction was rolled back.</summary>
    Failed,
}
