namespace IntegrationHub.Adapters.Sql;

/// <summary>A source names a provider that is neither shipped nor loadable from the plugins folder.</summary>
public sealed class SqlProviderNotFoundException(string message, Exception? inner = null) : Exception(message, inner);
