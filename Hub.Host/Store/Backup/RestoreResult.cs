namespace IntegrationHub.Hub.Host.Store.Backup;

/// <summary>A restore done: what the restored store holds, and where the store it replaced was kept (null: there was none).</summary>
internal sealed record RestoreResult(BackupSummary Restored, string? KeptAs);
