using System.Data.Common;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Customers.SelfService;
using Microsoft.Data.Sqlite;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="ICustomerChangeStore"/> on SQLite: the table of schema step 28. A decision's transaction takes the
/// writer lock at its first statement (BEGIN IMMEDIATE, the provider's default), so the change and the records read in
/// it are the ones its writes meet.
/// </summary>
internal sealed class SqliteCustomerChangeStore(IStoreConnectionFactory connections, TimeProvider time) : ICustomerChangeStore
{
    private const string Columns = """
        change_id, customer_code, subject, action, target_id, old_values, new_values, hints, status,
        proposed_by, proposed_at, decided_by, decided_at, reason
        """;

    public async Task<IReadOnlyList<Contact>> ContactsAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT body FROM entities WHERE kind = @kind AND customer_code = @c ORDER BY entity_key");
        Add(command, "@kind", nameof(EntityKind.Contact));
        Add(command, "@c", customerCode);
        var contacts = new List<Contact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            contacts.Add((Contact)EntityJson.Deserialize(EntityKind.Contact, reader.GetString(0)));
        }

        return contacts;
    }

    public async Task<Contact?> ContactAsync(string contactId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await EntityAsync(connection, null, EntityKind.Contact, contactId, cancellationToken).ConfigureAwait(false)).Entity as Contact;
    }

    public async Task<bool> ProposeAsync(ProfileChange change, int maxPending, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var count = Command(connection, transaction, "SELECT count(*) FROM customer_changes WHERE customer_code = @c AND status = @s"))
        {
            Add(count, "@c", change.CustomerCode);
            Add(count, "@s", ProfileChangeStatus.Pending);
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) >= maxPending)
            {
                return false;
            }
        }

        await using (var insert = Command(connection, transaction, $"INSERT INTO customer_changes ({Columns}) VALUES (@id, @c, @subject, @action, @target, @old, @new, @hints, @status, @by, @at, NULL, NULL, NULL)"))
        {
            Add(insert, "@id", change.ChangeId);
            Add(insert, "@c", change.CustomerCode);
            Add(insert, "@subject", change.Subject);
            Add(insert, "@action", change.Action);
            Add(insert, "@target", change.TargetId);
            Add(insert, "@old", ProfileJson.Values(change.Old));
            Add(insert, "@new", ProfileJson.Values(change.New));
            Add(insert, "@hints", change.Hints.Count == 0 ? null : ProfileJson.Hints(change.Hints));
            Add(insert, "@status", ProfileChangeStatus.Pending);
            Add(insert, "@by", change.ProposedBy);
            Add(insert, "@at", Micros(change.ProposedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<ProfileChange>> ListAsync(string? customerCode, string? status, int take, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT {Columns} FROM customer_changes
            WHERE (@c IS NULL OR customer_code = @c) AND (@s IS NULL OR status = @s)
            ORDER BY proposed_at DESC, change_id DESC LIMIT @take
            """);
        Add(command, "@c", customerCode);
        Add(command, "@s", status);
        Add(command, "@take", take);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProfileDecisionOutcome> DecideAsync(
        string changeId, Func<ProfileChange, Customer?, Contact?, ProfileDecision> decide, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ProfileChange change;
        await using (var find = Command(connection, transaction, $"SELECT {Columns} FROM customer_changes WHERE change_id = @id"))
        {
            Add(find, "@id", changeId);
            if ((await ReadAsync(find, cancellationToken).ConfigureAwait(false)) is not [var found])
            {
                return new ProfileDecisionOutcome(ProfileDecisionOutcome.NotFoundResult, null);
            }

            change = found;
        }

        if (change.Status != ProfileChangeStatus.Pending)
        {
            return new ProfileDecisionOutcome(ProfileDecisionOutcome.AlreadyDecidedResult, change);
        }

        var customer = await EntityAsync(connection, transaction, EntityKind.Customer, change.CustomerCode, cancellationToken).ConfigureAwait(false);
        var contact = change.Subject == ProfileSubjects.Contact && change.TargetId is { } id
            ? await EntityAsync(connection, transaction, EntityKind.Contact, id, cancellationToken).ConfigureAwait(false)
            : default;
        var decision = decide(change, customer.Entity as Customer, contact.Entity as Contact);
        if (decision.Conflict is not null || decision.Decided is not { } decided)
        {
            return new ProfileDecisionOutcome(ProfileDecisionOutcome.ConflictResult, change, decision.Conflict);
        }

        if (decision.Write is { } write)
        {
            var stored = write.Kind == EntityKind.Contact ? contact.SourceTs : customer.SourceTs;
            var stamp = ProfileApproval.Stamp(change.ChangeId, decided.DecidedAt ?? time.GetUtcNow(), stored);
            // The entities' own upsert, in this transaction: the CRM feed's triggers log it like any import.
            EntityUpsert.Apply((SqliteConnection)connection, [new CanonicalChange(write, stamp)], Micros(time.GetUtcNow()));
        }

        await using (var update = Command(connection, transaction, """
            UPDATE customer_changes SET status = @status, decided_by = @by, decided_at = @at, reason = @reason
            WHERE change_id = @id AND status = @pending
            """))
        {
            Add(update, "@status", decided.Status);
            Add(update, "@by", decided.DecidedBy);
            Add(update, "@at", MicrosOrNull(decided.DecidedAt));
            Add(update, "@reason", decided.Reason);
            Add(update, "@id", change.ChangeId);
            Add(update, "@pending", ProfileChangeStatus.Pending);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (decision.Message is { } message)
        {
            await SqliteOutboxInsert.InsertAsync(connection, transaction, message, null, null, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ProfileDecisionOutcome(ProfileDecisionOutcome.DecidedResult, decided);
    }

    private static async Task<(CanonicalEntity? Entity, DateTimeOffset? SourceTs)> EntityAsync(
        DbConnection connection, DbTransaction? transaction, EntityKind kind, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT body, source_ts FROM entities WHERE kind = @kind AND entity_key = @key");
        Add(command, "@kind", kind.ToString());
        Add(command, "@key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (EntityJson.Deserialize(kind, reader.GetString(0)), FromMicros(reader.GetInt64(1)))
            : (null, null);
    }

    private static async Task<IReadOnlyList<ProfileChange>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var changes = new List<ProfileChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new ProfileChange
            {
                ChangeId = reader.GetString(0), CustomerCode = reader.GetString(1), Subject = reader.GetString(2), Action = reader.GetString(3),
                TargetId = NullableString(reader, 4), Old = ProfileJson.Values(reader.GetString(5)), New = ProfileJson.Values(reader.GetString(6)),
                Hints = ProfileJson.Hints(NullableString(reader, 7)), Status = reader.GetString(8), ProposedBy = reader.GetString(9),
                ProposedAt = FromMicros(reader.GetInt64(10)), DecidedBy = NullableString(reader, 11), DecidedAt = NullableMicros(reader, 12),
                Reason = NullableString(reader, 13),
            });
        }

        return changes;
    }
}
