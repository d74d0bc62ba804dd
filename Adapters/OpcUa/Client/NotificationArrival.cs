namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>What a notification message that came in meant for its subscription's sequence.</summary>
/// <param name="Missing">Sequence numbers before it that have not arrived (to ask for with Republish).</param>
/// <param name="IsNew">Whether it carried data not seen before (to acknowledge).</param>
/// <param name="Abandoned">Messages given up on because too many later ones were waiting behind them.</param>
internal readonly record struct NotificationArrival(IReadOnlyList<uint> Missing, bool IsNew, long Abandoned);
