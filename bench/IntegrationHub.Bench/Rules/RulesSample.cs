namespace IntegrationHub.Bench.Rules;

/// <summary>The hub's CPU seconds and its /health counts at one instant of a rules run; a stretch's figures are the difference of two.</summary>
internal sealed record RulesSample(double CpuSeconds, long Stored, long Evaluated)
{
    public RulesSample Minus(RulesSample before) => new(CpuSeconds - before.CpuSeconds, Stored - before.Stored, Evaluated - before.Evaluated);
}
