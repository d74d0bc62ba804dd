namespace IntegrationHub.Adapters.Sql;

/// <summary>A provider a site adds: its assembly in the plugins folder and its factory type, from <c>Hub:Sql:Providers:N</c>.</summary>
public sealed record SqlProviderPlugin
{
    /// <summary>The invariant name sources use, for example Oracle's <c>Oracle.ManagedDataAccess.Client</c>; not one of the shipped providers' names.</summary>
    public string InvariantName { get; init; } = "";

    /// <summary>The assembly file in the plugins folder, for example <c>Oracle.ManagedDataAccess.dll</c>.</summary>
    public string Assembly { get; init; } = "";

    /// <summary>The DbProviderFactory type, for example <c>Oracle.ManagedDataAccess.Client.OracleClientFactory</c>.</summary>
    public string FactoryType { get; init; } = "";
}
