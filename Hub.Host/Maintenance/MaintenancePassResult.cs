namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>What one maintenance pass did: the plan-and-machine pairs it evaluated and the tickets it opened.</summary>
internal sealed record MaintenancePassResult(int Evaluated, int Opened);
