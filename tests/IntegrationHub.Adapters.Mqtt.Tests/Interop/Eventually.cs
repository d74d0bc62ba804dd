using System.Diagnostics;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Polls a condition until it holds; the timeout is generous and only bounds a failing test.</summary>
internal static class Eventually
{
    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout)
            {
                Assert.Fail("Timed out after " + timeout + ": " + describe());
            }

            await Task.Delay(20);
        }
    }
}
