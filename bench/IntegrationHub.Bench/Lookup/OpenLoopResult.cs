namespace IntegrationHub.Bench.Lookup;

/// <summary>One rate of the open-loop run: both targets' latencies from the intended send time, and the generator's own lateness.</summary>
internal sealed record OpenLoopResult(int RatePerTarget, TimeSpan Length, Percentiles Lookup, Percentiles Live, Percentiles Lateness, int Failures);
