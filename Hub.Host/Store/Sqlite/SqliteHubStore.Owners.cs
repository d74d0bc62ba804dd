using System.Globalization;
using System.Text;
using IntegrationHub.Crm.Core.Changes;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// The owners of machines, for the telemetry sink's check of a topic's customer (issue 16 item 19): one indexed
// query per batch of readings over the entities' primary key (kind, entity_key), never one per reading.
internal sealed partial class SqliteHubStore
{
    // Well under SQLite's 32,766 parameters and PostgreSQL's 65,535, and larger than the adapter's batches.
    private const int OwnersPerQuery = 500;

    public async Task<IReadOnlyDictionary<string, string>> GetEquipmentOwnersAsync(IReadOnlyCollection<string> assetIds, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (assetIds.Count == 0)
        {
            return owners;
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in assetIds.Chunk(OwnersPerQuery))
        {
            var sql = new StringBuilder("SELECT entity_key, customer_code FROM entities WHERE kind = @kind AND entity_key IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : ", ")}@a{i}");
            }

            await using var command = Command(connection, null, sql.Append(')').ToString());
            Add(command, "@kind", nameof(EntityKind.InstalledEquipment));
            for (var i = 0; i < chunk.Length; i++)
            {
                Add(command, string.Create(CultureInfo.InvariantCulture, $"@a{i}"), chunk[i]);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(1))
                {
                    owners[reader.GetString(0)] = reader.GetString(1);
                }
            }
        }

        return owners;
    }
}
