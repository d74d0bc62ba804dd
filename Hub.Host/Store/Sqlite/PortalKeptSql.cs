using System.Data.Common;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Customers.SelfService;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// Reads, in an import's own transaction, what <see cref="PortalKeptFields"/> needs to keep the portal's approved values
/// through the import (issue 23 item 3): the stored customers and contacts of the batch, and each contact's last
/// approved edit. Batches without customers or contacts read nothing.
/// </summary>
internal static class PortalKeptSql
{
    public static async Task<IReadOnlyList<CanonicalChange>> KeepAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<CanonicalChange> changes, CancellationToken cancellationToken)
    {
        if (!PortalKeptFields.Concerns(changes))
        {
            return changes;
        }

        var stored = new Dictionary<(EntityKind, string), CanonicalEntity>();
        var approved = new Dictionary<string, ProfileChange>(StringComparer.Ordinal);
        await using var entity = Command(connection, transaction, "SELECT body FROM entities WHERE kind = @kind AND entity_key = @key");
        var kind = Add(entity, "@kind", null);
        var key = Add(entity, "@key", null);
        await using var last = Command(connection, transaction, """
            SELECT old_values, new_values FROM customer_changes
            WHERE subject = 'contact' AND action = 'edit' AND status = 'approved' AND target_id = @key
            ORDER BY decided_at DESC LIMIT 1
            """);
        var target = Add(last, "@key", null);
        foreach (var (k, entityKey) in PortalKeptFields.Keys(changes))
        {
            kind.Value = k.ToString();
            key.Value = entityKey;
            if (await entity.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string body)
            {
                continue;
            }

            stored[(k, entityKey)] = EntityJson.Deserialize(k, body);
            if (k != EntityKind.Contact)
            {
                continue;
            }

            target.Value = entityKey;
            await using var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                approved[entityKey] = PortalKeptChanges.Edit(entityKey, reader.GetString(0), reader.GetString(1));
            }
        }

        return PortalKeptChanges.Keep(changes, stored, approved);
    }
}
