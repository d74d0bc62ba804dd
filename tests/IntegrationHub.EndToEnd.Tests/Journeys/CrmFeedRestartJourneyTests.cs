using IntegrationHub.Hub.Host.Tests.CrmOutbound;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// A CRM pulling the change feed across a hub restart (issue 23 item 1): it reads everything, the hub stops, starts
/// again on the same store, more exports arrive, and the CRM resumes from the cursor it kept: every change once,
/// nothing missed, nothing repeated.
/// </summary>
public abstract class CrmFeedRestartJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : CrmFeedRestartJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : CrmFeedRestartJourneyTests(TestStore.PostgreSql);

    [Fact]
    public async Task Crm_ResumesFromItsCursorAfterAHubRestart_NothingMissedOrRepeated()
    {
        var folder = TestHub.NewDataFolder();
        string key;
        string cursor;
        var seen = new List<(long Position, string Kind, string Key)>();
        await using (var hub = await TestHub.StartInAsync(testStore, folder))
        {
            hub.KeepDataFolder = true;
            await PlantFiles.ImportAsync(hub);
            key = await CrmFeedClient.IssueKeyAsync(hub, "all");
            var (changes, next) = await CrmFeedClient.ReadAllAsync(hub, key, null);
            seen.AddRange(changes.Select(CrmFeedClient.Describe));
            cursor = next;
            Assert.Contains(seen, c => c is { Kind: "SalesOrder", Key: "SO-A-001" });
        }

        await using (var hub = await TestHub.StartInAsync(testStore, folder))
        {
            // Nothing new yet: the cursor of the stopped hub is good and the page is empty.
            var (idle, idleNext) = await CrmFeedClient.ReadAllAsync(hub, key, cursor);
            Assert.Empty(idle);

            await hub.DropAsync("shipments.csv", PlantFiles.Shipments);
            await hub.WaitForInboxEmptyAsync();
            var (changes, _) = await CrmFeedClient.ReadAllAsync(hub, key, idleNext);
            var resumed = changes.Select(CrmFeedClient.Describe).ToList();

            Assert.Equal(["OrderProgress", "Shipment", "Shipment"], resumed.Select(c => c.Kind).Order(StringComparer.Ordinal));
            Assert.Equal("Shipped", changes.Single(c => CrmFeedClient.Describe(c).Kind == "OrderProgress").GetProperty("entity").GetProperty("stage").GetString());
            seen.AddRange(resumed);
            var entityPositions = seen.Where(c => c.Kind != "OrderProgress").Select(c => c.Position).ToList();
            // Every logged change once, in order, none below the cursor repeated.
            Assert.Equal(entityPositions.Order(), entityPositions);
            Assert.Equal(entityPositions.Count, entityPositions.Distinct().Count());
            Assert.Equal(await hub.CountAsync("SELECT count(*) FROM crm_changes"), entityPositions.Count);
            Assert.Empty(hub.Logs.Errors);
        }
    }
}
