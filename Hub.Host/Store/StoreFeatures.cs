namespace IntegrationHub.Hub.Host.Store;

/// <summary>What the store does beside storing entities, decided once at start-up.</summary>
/// <param name="QueueRuleInputs">Queue each telemetry reading for the rules stage, in the same transaction; on
/// when at least one alarm rule is configured.</param>
/// <param name="RuleInputsQueued">Pulsed after a transaction that queued readings, to wake the rules stage.</param>
internal sealed record StoreFeatures(bool QueueRuleInputs, WorkSignal? RuleInputsQueued = null);
