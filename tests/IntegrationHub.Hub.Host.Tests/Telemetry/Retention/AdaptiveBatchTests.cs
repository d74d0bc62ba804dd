using IntegrationHub.Hub.Host.Telemetry.Retention;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary>The retention step's batch size: grows while full, halves when slow, within its bounds.</summary>
public sealed class AdaptiveBatchTests
{
    [Fact]
    public void Record_FullAndNotSlow_DoublesUpToEightTimesTheSetting()
    {
        var batch = new AdaptiveBatch(250);
        var sizes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            // As slow as allowed: a busy machine's batch waits for a CPU, and that must not stop the growth.
            Assert.True(batch.Record(batch.Size, AdaptiveBatch.Slow));
            sizes.Add(batch.Size);
        }

        Assert.Equal([500, 1_000, 2_000, 2_000, 2_000, 2_000], sizes);
    }

    [Fact]
    public void Record_NotFull_KeepsTheSizeAndSaysSo()
    {
        var batch = new AdaptiveBatch(250);

        Assert.False(batch.Record(249, TimeSpan.Zero));
        Assert.Equal(250, batch.Size);
    }

    [Fact]
    public void Record_Slow_HalvesButNeverBelowTheSetting()
    {
        var batch = new AdaptiveBatch(100);
        batch.Record(100, TimeSpan.Zero);
        batch.Record(200, TimeSpan.Zero);
        batch.Record(400, TimeSpan.Zero);
        Assert.Equal(800, batch.Size);

        Assert.True(batch.Record(800, AdaptiveBatch.Slow + TimeSpan.FromMilliseconds(1)));
        Assert.Equal(400, batch.Size);
        batch.Record(400, TimeSpan.FromSeconds(1));
        batch.Record(200, TimeSpan.FromSeconds(1));
        batch.Record(100, TimeSpan.FromSeconds(1));
        Assert.Equal(100, batch.Size);
    }

    [Fact]
    public void New_LargestSetting_NeverGrowsPastTheValidatorsCeiling()
    {
        var batch = new AdaptiveBatch(AdaptiveBatch.Ceiling);
        batch.Record(AdaptiveBatch.Ceiling, TimeSpan.Zero);
        Assert.Equal(AdaptiveBatch.Ceiling, batch.Size);

        var large = new AdaptiveBatch(50_000);
        large.Record(50_000, TimeSpan.Zero);
        Assert.Equal(AdaptiveBatch.Ceiling, large.Size);
    }
}
