using IntegrationHub.Adapters.Rest;
using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Modules.Rest;
using IntegrationHub.Hub.Host.Modules.Sql;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Scheduling;

/// <summary>Issue 21 item 4: a polled source has an Interval or a Schedule; the problems of either are refused at start.</summary>
public sealed class PollTimingCheckTests
{
    private static SqlSourceOptions Sql(TimeSpan? interval, string? schedule, string? zone = null) => new()
    {
        Name = "erp-orders",
        Provider = SqlProviders.Sqlite,
        ConnectionString = "Data Source=erp.db",
        Query = "SELECT * FROM orders WHERE updated_at >= @watermark ORDER BY updated_at, id",
        KeyColumn = "id",
        WatermarkColumn = "updated_at",
        Interval = interval,
        Schedule = schedule,
        ScheduleTimeZone = zone,
    };

    private static IReadOnlyList<string> ValidateSql(SqlSourceOptions source) =>
        new SqlAdapterModule().Validate(new SqlOptions { Sources = [source] });

    private static IReadOnlyList<string> ValidateRest(RestSourceOptions source) =>
        new RestAdapterModule().Validate(new RestOptions { Sources = [source] });

    [Fact]
    public void Validate_IntervalOrScheduleOrNeither_Accepted()
    {
        Assert.Empty(ValidateSql(Sql(null, null)));
        Assert.Empty(ValidateSql(Sql(TimeSpan.FromMinutes(5), null)));
        Assert.Empty(ValidateSql(Sql(null, "0 2 * * *", "Asia/Shanghai")));
        Assert.Empty(ValidateRest(new RestSourceOptions { Name = "erp-api", Url = "http://erp.local/api/orders", Schedule = "*/15 6-22 * * MON-FRI" }));
    }

    [Fact]
    public void Validate_BothSet_RefusedNamingBothSettings()
    {
        var error = Assert.Single(ValidateSql(Sql(TimeSpan.FromSeconds(10), "0 2 * * *")));

        Assert.StartsWith("Hub:Sql:Sources:0:Interval (00:00:10) and Hub:Sql:Sources:0:Schedule are both set. Keep one", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryProblemAtOnce_RestSource()
    {
        var errors = ValidateRest(new RestSourceOptions
        {
            Name = "erp-api",
            Url = "http://erp.local/api/orders",
            Interval = TimeSpan.Zero,
            Schedule = "0 2 31 2 *",
            ScheduleTimeZone = "../../etc/passwd",
        });

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Hub:Rest:Sources:0:Interval (00:00:00) and Hub:Rest:Sources:0:Schedule are both set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Rest:Sources:0:Interval is 00:00:00. Use a pause above 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Rest:Sources:0:ScheduleTimeZone '../../etc/passwd' is not a time zone id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Rest:Sources:0:Schedule '0 2 31 2 *'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZoneWithoutSchedule_Refused()
    {
        var error = Assert.Single(ValidateSql(Sql(null, null, "Asia/Shanghai")));

        Assert.StartsWith("Hub:Sql:Sources:0:ScheduleTimeZone is 'Asia/Shanghai' but Hub:Sql:Sources:0:Schedule is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SqlSourceNamedLikeAScheduleRecord_Refused()
    {
        var error = Assert.Single(ValidateSql(Sql(null, null) with { Name = "schedule/rest:erp-api" }));

        Assert.StartsWith("Hub:Sql:Sources:0:Name 'schedule/rest:erp-api' begins with 'schedule/'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCommand_SecondsFieldSchedule_ExitsWithTheConfigurationCode_NamingPathAndExpression()
    {
        var (code, output, error) = await AdminCommand.RunAsync(["mappings", "check"],
            "--Hub:Rest:Sources:0:Name=erp-api-orders", "--Hub:Rest:Sources:0:Url=http://erp.local/api/orders",
            "--Hub:Rest:Sources:0:Schedule=* * * * * *");

        Assert.True(code == HubCommandLine.ExitBadConfiguration, $"exit code {code}, {error}");
        Assert.Contains("Hub:Rest:Sources:0:Schedule '* * * * * *' has six fields", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
