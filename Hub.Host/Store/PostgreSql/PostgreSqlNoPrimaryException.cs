using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// A multi-host store found no host of the kind it needs (the primary) when it opened a connection: during a
/// switch-over or a fail-over, until Patroni has promoted a replica (issue 18 item 5). Transient for
/// <see cref="PostgreSqlFaults"/>; still an <see cref="NpgsqlException"/>, so start-up reports it as before.
/// </summary>
internal sealed class PostgreSqlNoPrimaryException(string message, NpgsqlException innerException)
    : NpgsqlException(message, innerException);
