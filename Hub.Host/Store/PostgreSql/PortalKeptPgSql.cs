using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Customers.SelfService;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// Reads what <see cref="PortalKeptFields"/> needs to keep the portal's approved values through an import (issue 23
/// item 3): the stored customers and contacts of the batch, and each contact's last approved edit, in two queries.
/// Batches without customers or contacts read nothing. Read just before the batch's own transaction (which may be one
/// implicit round trip): an approval that commits between the two is not seen, and an ERP record newer than it then
/// replaces it (not done: a read inside the batch's transaction; the window is one round trip, and the ERP's file of the
/// approved change still tells the ERP).
/// </summary>
internal static class PortalKeptPgSql
{
    public static async Task<IReadOnlyList<CanonicalChange>> KeepAsync(
        PostgreSqlConnections connections, IReadOnlyList<CanonicalChange> changes, CancellationToken cancellationToken)
    {
        if (!PortalKeptFields.Concerns(changes))
        {
            return changes;
        }

        var keys = PortalKeptFields.Keys(changes).ToList();
        var stored = new Dictionary<(EntityKind, string), CanonicalEntity>();
        var approved = new Dictionary<string, ProfileChange>(StringComparer.Ordinal);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var entities = Pg.Command(connection, """
            SELECT e.kind, e.entity_key, e.body FROM entities e
            JOIN unnest($1::text[], $2::text[]) AS k(kind, entity_key) ON e.kind = k.kind AND e.entity_key = k.entity_key
            """, Pg.TextArray(keys.Select(k => k.Kind.ToString())), Pg.TextArray(keys.Select(k => k.Key))))
        {
            await using var reader = await entities.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var kind = Enum.Parse<EntityKind>(reader.GetString(0));
                stored[(kind, reader.GetString(1))] = EntityJson.Deserialize(kind, reader.GetString(2));
            }
        }

        var contacts = keys.Where(k => k.Kind == EntityKind.Contact && stored.ContainsKey(k)).Select(k => k.Key).ToList();
        if (contacts.Count > 0)
        {
            await using var last = Pg.Command(connection, """
                SELECT DISTINCT ON (target_id) target_id, old_values, new_values FROM customer_changes
                WHERE subject = 'contact' AND action = 'edit' AND status = 'approved' AND target_id = ANY($1)
                ORDER BY target_id, decided_at DESC
                """, Pg.TextArray(contacts));
            await using var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                approved[reader.GetString(0)] = PortalKeptChanges.Edit(reader.GetString(0), reader.GetString(1), reader.GetString(2));
            }
        }

        return PortalKeptChanges.Keep(changes, stored, approved);
    }
}
