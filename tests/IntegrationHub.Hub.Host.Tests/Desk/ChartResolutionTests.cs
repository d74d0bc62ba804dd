using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>The ticket chart reads the history that fits its range (issue 17 item 6).</summary>
public class ChartResolutionTests
{
    [Theory]
    [InlineData(1, "Raw")]
    [InlineData(6, "Raw")]      // the page's default: fresh to the last reading
    [InlineData(7, "Minute")]
    [InlineData(24, "Minute")]
    [InlineData(25, "Hour")]
    [InlineData(ChartResolution.MaxHours, "Hour")]
    public void For_DefaultRetention_PicksByRange(int hours, string expected)
    {
        Assert.Equal(Enum.Parse<TelemetryResolution>(expected), ChartResolution.For(TimeSpan.FromHours(hours), new TelemetryOptions()));
    }

    [Fact]
    public void For_RangeBeyondAResolutionsRetention_PicksTheNextCoarser()
    {
        var shortRaw = new TelemetryOptions
        {
            RawRetention = TimeSpan.FromHours(2),
            RollupRetention = new RollupRetentionOptions { Minute = TimeSpan.FromHours(12), Hour = TimeSpan.FromDays(30) },
        };

        Assert.Equal(TelemetryResolution.Raw, ChartResolution.For(TimeSpan.FromHours(2), shortRaw));
        Assert.Equal(TelemetryResolution.Minute, ChartResolution.For(TimeSpan.FromHours(3), shortRaw));
        Assert.Equal(TelemetryResolution.Hour, ChartResolution.For(TimeSpan.FromHours(13), shortRaw));
    }

    [Fact]
    public void FromRollups_PointPerBucketAtTheMean_WithMinMaxAndResolution()
    {
        var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        TelemetryRollup[] rollups =
        [
            new("EQ-1", "pressure", at, 1, 3, 4, 2, at.AddMinutes(1), 3, "bar"),
            new("EQ-1", "temperature", at, 10, 30, 60, 3, at.AddMinutes(2), 20, "°C"),
            new("EQ-1", "temperature", at.AddHours(1), 5, 5, 5, 1, at.AddHours(1), 5, "°C"),
        ];

        var chart = ChartResolution.FromRollups("EQ-1", TelemetryResolution.Hour, rollups);

        Assert.Equal(TelemetryResolution.Hour, chart.Resolution);
        Assert.Equal(["pressure", "temperature"], chart.Metrics.Select(m => m.Metric));
        Assert.Equal([new TelemetryPoint(at, 20, 10, 30), new TelemetryPoint(at.AddHours(1), 5, 5, 5)], chart.Metrics[1].Points);
        Assert.Equal("°C", chart.Metrics[1].Unit);
    }

    [Theory]
    [InlineData(24, "Minute", 1441)]
    [InlineData(720, "Hour", 721)]
    public void Buckets_CoverTheRange(int hours, string resolution, int expected)
    {
        Assert.Equal(expected, ChartResolution.Buckets(TimeSpan.FromHours(hours), Enum.Parse<TelemetryResolution>(resolution)));
    }
}
