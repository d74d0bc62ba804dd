using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>One hub per test class and store, with the plant's ERP exports imported and a key for every kind.</summary>
public abstract class CrmFeedHub(TestStore store) : IAsyncLifetime
{
    private TestHub? _hub;

    internal TestHub Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    internal string FullKey { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync(store);
        await PlantFiles.ImportAsync(_hub);
        FullKey = await CrmFeedClient.IssueKeyAsync(_hub, "all");
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : CrmFeedHub(TestStore.Sqlite);

    public sealed class OnPostgreSql() : CrmFeedHub(TestStore.PostgreSql);
}
