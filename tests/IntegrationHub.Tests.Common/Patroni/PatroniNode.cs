using System.Globalization;

namespace IntegrationHub.Tests.Common.Patroni;

/// <summary>One Patroni-managed PostgreSQL of a <see cref="PatroniCluster"/>: its name, ports, folder and process.</summary>
public sealed class PatroniNode(string name, string folder, int restPort, int postgresPort)
{
    /// <summary>The member name Patroni reports (node1, node2).</summary>
    public string Name { get; } = name;

    /// <summary>The port of Patroni's REST API on 127.0.0.1.</summary>
    public int RestPort { get; } = restPort;

    /// <summary>The port PostgreSQL listens on at 127.0.0.1.</summary>
    public int PostgresPort { get; } = postgresPort;

    /// <summary>The node's folder: its YAML, its PostgreSQL data folder and its log.</summary>
    public string Folder { get; } = folder;

    /// <summary>host:port of the node's PostgreSQL, as a multi-host connection string names it.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{PostgresPort}");

    internal string DataFolder => Path.Combine(Folder, "data");

    internal string ConfigFile => Path.Combine(Folder, "patroni.yml");

    internal string LogFile => Path.Combine(Folder, "patroni.log");

    internal LoggedProcess? Process { get; set; }

    internal Uri RestUri(string path) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{RestPort}/{path}"));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (PostgreSQL {Endpoint}, REST {RestPort})");
}
