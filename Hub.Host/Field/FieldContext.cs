using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>What every phone-page endpoint needs, one service (per request) so that the endpoints stay readable.</summary>
internal sealed record FieldContext(FieldAccess Access, IRulesStore RulesStore, TicketWorkflow Workflow, TimeProvider Time, ILogger<FieldAccess> Logger);
