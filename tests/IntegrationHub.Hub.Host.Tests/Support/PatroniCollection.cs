using IntegrationHub.Tests.Common.Patroni;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>
/// One Patroni cluster (etcd and two PostgreSQL nodes) for the fail-over tests of this project (issue 18 item 5): they
/// switch its primary over and kill it, so they run one after the other, on no other test's server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PatroniCollection : ICollectionFixture<PatroniCluster>
{
    public const string Name = "patroni";
}
