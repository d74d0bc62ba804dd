using IntegrationHub.Crm.Core.Maintenance;

namespace IntegrationHub.Crm.Core.Tests.Maintenance;

public class MaintenanceIntervalTests
{
    [Theory]
    [InlineData("every 500 running hours", MaintenanceBasis.RunningHours, 500)]
    [InlineData("500 hours", MaintenanceBasis.RunningHours, 500)]
    [InlineData("  Every 1 Hour ", MaintenanceBasis.RunningHours, 1)]
    [InlineData("every 90 days", MaintenanceBasis.Calendar, 90)]
    [InlineData("1 day", MaintenanceBasis.Calendar, 1)]
    [InlineData("every 36500 days", MaintenanceBasis.Calendar, 36_500)]
    public void TryParse_AcceptedForms_ReadBasisAndAmount(string text, MaintenanceBasis basis, int amount)
    {
        Assert.True(MaintenanceInterval.TryParse(text, out var interval, out var error), error);
        Assert.Equal(new MaintenanceInterval(basis, amount), interval);
    }

    [Theory]
    [InlineData("every 500 banana", "is not an interval")]
    [InlineData("every five hundred hours", "is not an interval")]
    [InlineData("every 1.5 days", "is not an interval")]
    [InlineData("", "is not an interval")]
    [InlineData("every 90 days\u0007", "is not an interval")]
    [InlineData("every 0 hours", "at least 1 hour")]
    [InlineData("every -500 running hours", "at least 1")]
    [InlineData("every 36501 days", "more than the longest interval, 36,500 days")]
    [InlineData("every 999999999999 running hours", "more than the longest interval, 200,000")]
    public void TryParse_BadInterval_RefusedWithTheFix(string text, string expected)
    {
        Assert.False(MaintenanceInterval.TryParse(text, out var interval, out var error));
        Assert.Null(interval);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_RefusedWithTheFormat()
    {
        Assert.False(MaintenanceInterval.TryParse(null, out _, out var error));
        Assert.Contains("every <n> running hours", error, StringComparison.Ordinal);
    }
}
