using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>
/// One PostgreSQL server for the whole test run of this project (issue 17 item 3: "parametrise the fixtures"); each
/// test makes a fresh database of its own with <see cref="PostgresFixture.NewDatabaseAsync"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgresql";
}
