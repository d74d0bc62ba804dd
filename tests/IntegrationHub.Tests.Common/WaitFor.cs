namespace IntegrationHub.Tests.Common;

/// <summary>Waits for a condition that work on other threads makes true, with a hang guard rather than a time bound.</summary>
public static class WaitFor
{
    // A hang guard only: a busy machine may take long, and the condition is what the test waits for.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    /// <param name="hangGuard">Longer than the default 120 s only for waits that span whole runs of work.</param>
    public static async Task ConditionAsync(Func<Task<bool>> condition, string what, TimeSpan? hangGuard = null)
    {
        var deadline = DateTime.UtcNow + (hangGuard ?? HangGuard);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    public static Task ConditionAsync(Func<bool> condition, string what) => ConditionAsync(() => Task.FromResult(condition()), what);
}
