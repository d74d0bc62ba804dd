using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Crm.Core.Tests.Support;

/// <summary>The rule tests hand the evaluators the time the clock was moved to; FakeTimeProvider.Advance returns nothing.</summary>
internal static class ClockSteps
{
    /// <summary>Moves the clock by <paramref name="by"/> and returns the time it then reads.</summary>
    public static DateTimeOffset Step(this FakeTimeProvider clock, TimeSpan by)
    {
        clock.Advance(by);
        return clock.GetUtcNow();
    }
}
