namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// A place in a subscription's value stream where values may be missing: the server created the subscription anew
/// (it could not be transferred, so what changed meanwhile was never sent) or notification messages were lost
/// (Republish no longer had them). Values on the server's history can fill it (issue 22 item 2).
/// </summary>
/// <param name="ValuesBefore">How many values the subscription had put on <see cref="OpcUaSubscription.Values"/> before the gap.</param>
/// <param name="Reason">What happened, for the log and /health.</param>
public sealed record SubscriptionGap(long ValuesBefore, string Reason);
