using System.Data.Common;

namespace IntegrationHub.Adapters.Sql;

/// <summary>A source's database could not be opened (server down, port closed, login refused); the poll is retried with backoff.</summary>
public sealed class SqlSourceUnreachableException(string message, DbException inner) : Exception(message, inner);
