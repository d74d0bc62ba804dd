using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>The ticket page's chart API in a real hub reads raw, minute or hour history by range (issue 17 item 6).</summary>
public abstract class TicketChartTests(TestStore testStore)
{
    public sealed class OnSqlite() : TicketChartTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : TicketChartTests(TestStore.PostgreSql);

    private const string OverheatRule = """
        rules:
          - id: overheat
            kind: threshold
            asset: "*"
            metric: temperature
            limit: 90
            deadband: 5
            raiseAfter: 00:00:30
            code: OVERHEAT
            severity: major
            text: { en: spindle overheating, zh-CN: 主轴温度过高 }
        """;

    [Fact]
    public async Task Telemetry_ByRange_RawMinuteOrHourRollups()
    {
        // Whole minutes, recent (no SLA passes during the test): the history's buckets are then easy to name.
        var t0 = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 120);
        var tenHoursAgo = t0.AddHours(-10);
        var threeDaysAgo = t0.AddDays(-3);
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (threeDaysAgo, 40), (tenHoursAgo, 50), (tenHoursAgo.AddSeconds(20), 60));
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (t0, 95), (t0.AddSeconds(10), 96), (t0.AddSeconds(31), 97));
        using var desk = await RulesHub.SignInAsync(hub);
        var ticketNo = await TicketNoAsync(desk, "EQ-2");
        var history = hub.Services.GetRequiredService<ITelemetryHistoryStore>();
        while (await history.RollUpAsync(100, CancellationToken.None) > 0)
        {
        }

        var raw = await ChartAsync(desk, ticketNo, 6);
        var minute = await ChartAsync(desk, ticketNo, 24);
        var hour = await ChartAsync(desk, ticketNo, 168);

        Assert.Equal("Raw", raw.Resolution);
        Assert.Equal([(t0, 95.0, null, null), (t0.AddSeconds(10), 96.0, null, null), (t0.AddSeconds(31), 97.0, null, null)], raw.Points);
        Assert.Equal("Minute", minute.Resolution);
        Assert.Equal([(tenHoursAgo, 55.0, 50.0, 60.0), (t0, 96.0, 95.0, 97.0)], minute.Points);
        Assert.Equal("Hour", hour.Resolution);
        var hourOf = (DateTimeOffset at) => at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerHour));
        Assert.Contains((hourOf(threeDaysAgo), 40.0, 40.0, 40.0), hour.Points);
        Assert.Contains((hourOf(tenHoursAgo), 55.0, 50.0, 60.0), hour.Points);
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.GetAsync($"/api/desk/tickets/{ticketNo}/telemetry?hours=721")).StatusCode);
    }

    private static async Task<(string Resolution, List<(DateTimeOffset At, double Value, double? Min, double? Max)> Points)> ChartAsync(HttpClient desk, string ticketNo, int hours)
    {
        var chart = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{ticketNo}/telemetry?hours={hours}");
        var series = Assert.Single(chart.GetProperty("metrics").EnumerateArray());
        Assert.Equal("temperature", series.GetProperty("metric").GetString());
        return (chart.GetProperty("resolution").GetString()!, [.. series.GetProperty("points").EnumerateArray().Select(p => (
            p.GetProperty("at").GetDateTimeOffset(), p.GetProperty("value").GetDouble(),
            p.GetProperty("min").ValueKind == JsonValueKind.Null ? (double?)null : p.GetProperty("min").GetDouble(),
            p.GetProperty("max").ValueKind == JsonValueKind.Null ? (double?)null : p.GetProperty("max").GetDouble()))]);
    }

    private static async Task<string> TicketNoAsync(HttpClient desk, string asset)
    {
        JsonElement[] items = [];
        await RulesHub.WaitForAsync(async () =>
        {
            items = [.. (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("ticket").GetProperty("assetId").GetString() == asset)];
            return items.Length > 0;
        }, $"a ticket for {asset}");
        return Assert.Single(items).GetProperty("ticket").GetProperty("ticketNo").GetString()!;
    }
}
