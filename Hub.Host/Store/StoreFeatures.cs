namespace IntegrationHub.Hub.Host.Store;

/// <summary>What the store does beside storing entities, decided once at start-up.</summary>
/// <param name="QueueRuleInputs">Queue each telemetry reading for the rules stage, in the same transaction; on
/// when at least one alarm rule is configured.</param>
/// <param name="RuleInputsQueued">Pulsed after a transaction that queued readings, to wake the rules stage.</param>
/// <param name="Watches">Whether some rule watches an asset's metric; readings no rule watches are not queued.</param>
/// <param name="AtIngest">The rules evaluated in the readings' own transaction (issue 20 item 1): watched readings it
/// takes are not queued. Used by both stores, for the partitions this node holds that have nothing queued.</param>
internal sealed record StoreFeatures(
    bool QueueRuleInputs, WorkSignal? RuleInputsQueued = null, Func<string, string, bool>? Watches = null, IIngestRules? AtIngest = null);
