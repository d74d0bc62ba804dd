using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The rules' states written on SQLite's own handle (RuleStatesUpsert, session 22): every row of every statement size
/// comes back as written, including the rest after the full statements of 8, bodies with quotes, Chinese and control
/// characters, and a second save that updates rather than duplicates.
/// </summary>
public sealed class SqliteRuleStatesUpsertTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-rule-states-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteHubStore _store;

    public SqliteRuleStatesUpsertTests()
    {
        _connections = new SqliteConnectionFactory(Path.Combine(_folder, "hub.db"));
        _store = new SqliteHubStore(_connections, TimeProvider.System);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(200)]
    public async Task EveryState_ComesBackAsWritten(int count)
    {
        await _store.MigrateAsync(CancellationToken.None);
        var states = Enumerable.Range(0, count).Select(n => State("rule-a", $"EQ-{n:000}", n)).ToList();

        await SaveAsync(states);

        Assert.Equal(
            states.OrderBy(s => s.AssetId, StringComparer.Ordinal).Select(Describe),
            (await LoadAsync()).OrderBy(s => s.AssetId, StringComparer.Ordinal).Select(Describe));
        Assert.Equal((long)count, await ScalarAsync("SELECT count(*) FROM alarm_rule_states"));
    }

    [Fact]
    public async Task HostileText_InIdsAndBody_IsStoredVerbatim()
    {
        await _store.MigrateAsync(CancellationToken.None);
        string[] assets = ["机床-01 \"主轴\"", "EQ'; DROP TABLE alarm_rule_states; --", "EQ\u0001\u001f\r\n\t", "EQ-\u00e9\u00e8", new string('x', 10_000)];
        var states = assets.Select((asset, n) => State("规则-温度", asset, n) with { ActiveCode = "代码 \"\\ \u0000 end" }).ToList();

        await SaveAsync(states);

        var loaded = (await LoadAsync()).ToDictionary(s => s.AssetId, StringComparer.Ordinal);
        Assert.Equal(assets.Length, loaded.Count);
        foreach (var state in states)
        {
            Assert.Equal(Describe(state), Describe(loaded[state.AssetId]));
        }
    }

    [Fact]
    public async Task ASecondSave_UpdatesTheRow_AndItsTime()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await SaveAsync([State("rule-a", "EQ-1", 1)], T0);

        await SaveAsync([State("rule-a", "EQ-1", 2) with { Active = true, ActiveSince = T0.AddMinutes(1) }], T0.AddMinutes(1));

        var loaded = Assert.Single(await LoadAsync());
        Assert.True(loaded.Active);
        Assert.Equal(2, loaded.LastValue);
        Assert.Equal(StoreTime.Micros(T0.AddMinutes(1)), await ScalarAsync("SELECT updated_at FROM alarm_rule_states"));
    }

    [Fact]
    public async Task ASaveThatIsRolledBack_LeavesNothing()
    {
        await _store.MigrateAsync(CancellationToken.None);

        await using (var tx = await new SqliteRulesStore(_connections).BeginAsync(CancellationToken.None))
        {
            await tx.SaveStatesAsync([State("rule-a", "EQ-1", 1)], T0, CancellationToken.None);
        }

        Assert.Empty(await LoadAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Run(() => Directory.Delete(_folder, recursive: true));
    }

    private static AlarmRuleState State(string rule, string asset, int n) => new()
    {
        RuleId = rule,
        AssetId = asset,
        LastValue = n,
        LastReadingAt = T0.AddSeconds(n),
        Samples = [new TimedValue(T0.AddSeconds(n), n)],
    };

    private static string Describe(AlarmRuleState s) =>
        $"{s.RuleId}|{s.AssetId}|{s.Active}|{s.ActiveCode}|{s.ActiveSince:O}|{s.LastValue}|{s.LastReadingAt:O}|{string.Join(",", s.Samples.Select(v => $"{v.At:O}={v.Value}"))}";

    private async Task SaveAsync(IReadOnlyList<AlarmRuleState> states, DateTimeOffset? now = null)
    {
        await using var tx = await new SqliteRulesStore(_connections).BeginAsync(CancellationToken.None);
        await tx.SaveStatesAsync(states, now ?? T0, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private async Task<IReadOnlyList<AlarmRuleState>> LoadAsync()
    {
        await using var tx = await new SqliteRulesStore(_connections).BeginAsync(CancellationToken.None);
        return await tx.LoadStatesAsync(new RulePartition(0, 1), CancellationToken.None);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection("Data Source=" + Path.Combine(_folder, "hub.db"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
