using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Tests that share one running MES simulator.</summary>
[CollectionDefinition(Name)]
public sealed class MesServerCollection : ICollectionFixture<MesOpcUaServerFixture>
{
    public const string Name = "MES OPC UA server";
}
