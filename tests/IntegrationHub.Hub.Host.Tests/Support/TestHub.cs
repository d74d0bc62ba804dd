using System.Net.Http.Headers;
using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>
/// A real hub on an OS-chosen loopback port with a data folder of its own, the demo mappings, and a file inbox
/// scanned every 100 ms. Errors logged by the hub fail the test unless the test expects them.
/// </summary>
internal sealed class TestHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly string[] _storeSettings;

    private bool _crashed;

    private TestHub(WebApplication app, string dataFolder, LogCollector logs, TestStore store, string[] storeSettings)
    {
        _app = app;
        DataFolder = dataFolder;
        Logs = logs;
        Store = store;
        _storeSettings = storeSettings;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataFolder { get; }

    /// <summary>The store the hub runs on; its admin commands are pointed at the same one.</summary>
    public TestStore Store { get; }

    public string Inbox => Path.Combine(DataFolder, "inbox");

    public HttpClient Client { get; }

    public LogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a hub on SQLite; <paramref name="settings"/> are extra <c>--Key=Value</c> settings.</summary>
    public static Task<TestHub> StartAsync(params string[] settings) => StartInAsync(NewDataFolder(), settings);

    /// <summary>Starts a hub on <paramref name="store"/>; <paramref name="settings"/> are extra <c>--Key=Value</c> settings.</summary>
    public static Task<TestHub> StartAsync(TestStore store, params string[] settings) => StartInAsync(store, NewDataFolder(), settings);

    /// <summary>Starts a hub on SQLite on an existing data folder: one prepared by the test, or a stopped hub's, to restart it.</summary>
    /// <remarks>The settings may name another store themselves; the hub is not checked against <see cref="TestStore.Sqlite"/>.</remarks>
    public static Task<TestHub> StartInAsync(string dataFolder, params string[] settings) => StartCoreAsync(TestStore.Sqlite, dataFolder, settings, checkStore: false);

    /// <summary>
    /// Starts a hub on <paramref name="store"/> on an existing data folder: one prepared by the test, or a stopped
    /// hub's, to restart it (on PostgreSQL, the folder's database too).
    /// </summary>
    public static Task<TestHub> StartInAsync(TestStore store, string dataFolder, params string[] settings) =>
        StartCoreAsync(store, dataFolder, settings, checkStore: true);

    /// <summary>
    /// Starts a hub on SQLite in <paramref name="dataFolder"/> whose clock is <paramref name="clock"/>: every part that asks
    /// for a <see cref="TimeProvider"/> (schedules, the outbox, lease renewals) reads it. Leases expire by the database's
    /// own clock: a test whose clock stands still sets a long <c>Hub:Leases:Duration</c>.
    /// </summary>
    public static Task<TestHub> StartWithClockAsync(TimeProvider clock, string dataFolder, params string[] settings) =>
        StartCoreAsync(TestStore.Sqlite, dataFolder, settings, checkStore: true, clock);

    private static async Task<TestHub> StartCoreAsync(TestStore store, string dataFolder, string[] settings, bool checkStore, TimeProvider? clock = null)
    {
        var logs = new LogCollector();
        var storeSettings = await store.SettingsAsync(dataFolder);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Hub:DataFolder={dataFolder}",
            "--Hub:Files:StableFor=00:00:00",
            "--Hub:Files:PollInterval=00:00:00.100",
            // No retention pass within a test unless it asks for one: many store readings dated long ago (issue 17 item 6).
            "--Hub:Retention:Interval=01:00:00",
            .. storeSettings,
            .. settings,
        ];
        var app = HubApplication.Build(args, builder =>
        {
            builder.Logging.AddProvider(logs);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
        });
        try
        {
            await HubStartup.PrepareAsync(app.Services, requireMappings: true, CancellationToken.None);
            await app.StartAsync();
            // The fixture's own check: a test that is named for a store runs on that store, not on the default.
            var actual = app.Services.GetRequiredService<IntegrationHub.Hub.Host.Store.IHubStore>().GetType().Name;
            if (checkStore && !actual.StartsWith(store.IsPostgreSql ? "PostgreSql" : "Sqlite", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The test hub was to run on {store}, but its store is {actual}.");
            }
        }
        catch
        {
            // A hub that the test expects not to start (bad settings) leaves no database behind on the shared server.
            await app.DisposeAsync();
            await TestStore.DropDatabaseAsync(dataFolder);
            throw;
        }

        return new TestHub(app, dataFolder, logs, store, storeSettings);
    }

    /// <summary>A fresh data folder holding the shipped demo mappings.</summary>
    public static string NewDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hub-test-" + Guid.NewGuid().ToString("N"));
        var mappings = Path.Combine(folder, "mappings");
        Directory.CreateDirectory(mappings);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "deploy", "demo", "mappings"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(mappings, Path.GetFileName(file)));
        }

        return folder;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntegrationHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (IntegrationHub.sln) was not found.");
    }

    /// <summary>Writes a file into the inbox the way an exporter should: under a temporary name, then renamed.</summary>
    public async Task DropAsync(string fileName, byte[] content)
    {
        var temporary = Path.Combine(Inbox, fileName + ".part");
        Directory.CreateDirectory(Inbox);
        await File.WriteAllBytesAsync(temporary, content);
        File.Move(temporary, Path.Combine(Inbox, fileName));
    }

    public Task DropAsync(string fileName, string utf8Content) => DropAsync(fileName, System.Text.Encoding.UTF8.GetBytes(utf8Content));

    /// <summary>Waits until the inbox holds no more CSV files (they were imported or failed).</summary>
    public async Task WaitForInboxEmptyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Directory.EnumerateFiles(Inbox, "*.csv").Any())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The inbox still holds {string.Join(", ", Directory.GetFiles(Inbox))}. Hub log:\n{Logs}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until the hub has logged event <paramref name="eventId"/> with <paramref name="containing"/> in its text:
    /// some lines follow the state a test waits for (the file drop logs "imported" after moving the file out of the
    /// inbox). The 120 s are only a hang guard.
    /// </summary>
    public async Task WaitForLogAsync(int eventId, string containing)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!Logs.Entries.Any(e => e.EventId == eventId && e.Message.Contains(containing, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The hub did not log event {eventId} with '{containing}'. Hub log:\n{Logs}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Runs a <c>hub</c> admin command against this hub's data folder.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HubCommandLine.RunAsync([.. args, $"--Hub:DataFolder={DataFolder}", .. _storeSettings], output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Issues a portal token through the admin command, as IT would.</summary>
    public async Task<string> IssueTokenAsync(string customer)
    {
        var (code, output, error) = await RunCommandAsync("portal", "issue-token", "--customer", customer);
        Assert.True(code == 0, $"issue-token failed ({code}): {error}");
        return output.Trim();
    }

    public HttpRequestMessage Get(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>Runs a query on the hub's own database, beside the hub, and returns its first value as a number.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Store.OpenAsync(DataFolder);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Set to keep the data folder on dispose, so that a restart test can start a hub on it again.</summary>
    public bool KeepDataFolder { get; set; }

    /// <summary>
    /// Ends the hub as a crash would, as far as other nodes can tell (issue 18 item 1): its services are disposed
    /// without the host stopping them, so nothing is handed over on the way out (leases are left to run out).
    /// </summary>
    public async Task CrashAsync()
    {
        _crashed = true;
        Client.Dispose();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_crashed)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataFolder)
        {
            return;
        }

        await TestStore.DropDatabaseAsync(DataFolder);

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
