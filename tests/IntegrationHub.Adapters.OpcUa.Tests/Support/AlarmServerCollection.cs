namespace IntegrationHub.Adapters.OpcUa.Tests.Support;

/// <summary>Tests that share one simulator with alarm conditions.</summary>
[CollectionDefinition(Name)]
public sealed class AlarmServerCollection : ICollectionFixture<AlarmServerFixture>
{
    public const string Name = "MES OPC UA server with alarm conditions";
}
