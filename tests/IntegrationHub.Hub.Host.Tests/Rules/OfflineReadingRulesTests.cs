using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 22 item 4 on both stores: a reading of quality Offline (what a Sparkplug B death becomes) goes through the
/// store and raises the no-data alarm of its machine at once, an hour before the rule's silence would have run out;
/// the next good reading clears it.
/// </summary>
public abstract class OfflineReadingRulesTests(TestStore testStore)
{
    private const string SilenceRule = """
        rules:
          - { id: silent, kind: nodata, asset: "*", silence: "01:00:00", code: NO-DATA, severity: major,
              text: { en: machine sends nothing, zh-CN: 设备无数据 } }
        """;

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    public sealed class OnSqlite() : OfflineReadingRulesTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : OfflineReadingRulesTests(TestStore.PostgreSql);

    [Fact]
    public async Task OfflineReading_RaisesTheNoDataAlarmAtOnce_NextGoodReadingClearsIt()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(SilenceRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);

        await ApplyAsync(hub, T0, 70, ReadingQuality.Good);
        await ApplyAsync(hub, T0.AddSeconds(10), 70, ReadingQuality.Offline);

        await RulesHub.WaitForAsync(
            async () => await hub.CountAsync("SELECT count(*) FROM alarms WHERE asset_id = 'EQ-2' AND cleared_at IS NULL AND reason LIKE '%went offline%'") == 1,
            "the no-data alarm raised by the offline reading (the rule's silence is an hour)");
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM telemetry_readings WHERE asset_id = 'EQ-2' AND quality = 'Offline'"));

        await ApplyAsync(hub, T0.AddSeconds(20), 71, ReadingQuality.Good);
        await RulesHub.WaitForAsync(
            async () => await hub.CountAsync("SELECT count(*) FROM alarms WHERE asset_id = 'EQ-2' AND cleared_at IS NOT NULL") == 1,
            "the alarm cleared by the next good reading");
        await RulesHub.SettledAsync(hub);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM alarms"));
    }

    private static Task ApplyAsync(TestHub hub, DateTimeOffset at, decimal value, ReadingQuality quality) =>
        hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [new CanonicalChange(new AssetMetric { AssetId = "EQ-2", Metric = "temperature", Value = value, Timestamp = at, Quality = quality }, new SourceStamp("plant-telemetry", at))],
            [], CancellationToken.None);
}
