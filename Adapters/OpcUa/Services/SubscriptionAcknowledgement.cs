namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.5.2: a notification message the client has received and the server may forget.</summary>
internal readonly record struct SubscriptionAcknowledgement(uint SubscriptionId, uint SequenceNumber);
