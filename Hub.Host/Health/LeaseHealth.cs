namespace IntegrationHub.Hub.Host.Health;

/// <summary>One leased work on <c>/health</c> (issue 18 item 1: "/health shows which node holds what").</summary>
/// <param name="Name">The work, which is its lease's name: <c>files</c>, <c>mes</c>, <c>retention</c>, <c>quality-report</c> (the scheduled data-quality report), the rules partitions <c>rules/p0</c>... and <c>rules/sla</c>, the nodes' heartbeats <c>rules/nodes/16/&lt;node&gt;</c>, <c>sql:&lt;source&gt;</c>, <c>rest:&lt;source&gt;</c>, each node's MQTT session <c>mqtt/&lt;ClientId&gt;</c> (held by another node while adopted) and an owner's request to have it back <c>mqtt-return/&lt;ClientId&gt;</c>.</param>
/// <param name="Holder">The node id of the lease's holder; null when the lease was never taken or the store does not answer.</param>
/// <param name="Token">The holder's fencing token.</param>
/// <param name="ExpiresAt">When the lease runs out unless renewed, by the database's clock.</param>
/// <param name="Live">Whether the lease has not run out (by the database's clock).</param>
/// <param name="HeldHere">Whether this node holds the lease and runs the work.</param>
internal sealed record LeaseHealth(string Name, string? Holder, long? Token, DateTimeOffset? ExpiresAt, bool Live, bool HeldHere);
