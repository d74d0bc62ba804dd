using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Customers.SelfService;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="ICustomerChangeStore"/> on PostgreSQL: the table of schema step 19. A decision locks the change's row and
/// the records it reads (<c>FOR UPDATE</c>), so two nodes approving one change at once apply it once, and an import that
/// commits in between is either seen by the approval or waits for it. Proposals of one customer take a transaction-level
/// advisory lock, so that parallel ones cannot pass the pending limit together.
/// </summary>
internal sealed class PostgreSqlCustomerChangeStore(PostgreSqlConnections connections, TimeProvider time) : ICustomerChangeStore
{
    private const string Columns = """
        change_id, customer_code, subject, action, target_id, old_values, new_values, hints, status,
        proposed_by, proposed_at, decided_by, decided_at, reason
        """;

    public async Task<IReadOnlyList<Contact>> ContactsAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT body FROM entities WHERE kind = $1 AND customer_code = $2 ORDER BY entity_key",
            Pg.Text(nameof(EntityKind.Contact)), Pg.Text(customerCode));
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
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await EntityAsync(connection, EntityKind.Contact, contactId, false, cancellationToken).ConfigureAwait(false)).Entity as Contact;
    }

    public async Task<bool> ProposeAsync(ProfileChange change, int maxPending, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCustomer = Pg.Command(connection, "SELECT pg_advisory_xact_lock(hashtext('customer-changes/' || $1))", Pg.Text(change.CustomerCode)))
        {
            await lockCustomer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var count = Pg.Command(connection, "SELECT count(*) FROM customer_changes WHERE customer_code = $1 AND status = $2",
            Pg.Text(change.CustomerCode), Pg.Text(ProfileChangeStatus.Pending)))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! >= maxPending)
            {
                return false;
            }
        }

        await using (var insert = Pg.Command(connection, $"INSERT INTO customer_changes ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL, NULL)",
            Pg.Text(change.ChangeId), Pg.Text(change.CustomerCode), Pg.Text(change.Subject), Pg.Text(change.Action), Pg.Text(change.TargetId),
            Pg.Text(ProfileJson.Values(change.Old)), Pg.Text(ProfileJson.Values(change.New)),
            Pg.Text(change.Hints.Count == 0 ? null : ProfileJson.Hints(change.Hints)), Pg.Text(ProfileChangeStatus.Pending),
            Pg.Text(change.ProposedBy), Pg.Micros(change.ProposedAt)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<ProfileChange>> ListAsync(string? customerCode, string? status, int take, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, $"""
            SELECT {Columns} FROM customer_changes
            WHERE ($1::text IS NULL OR customer_code = $1) AND ($2::text IS NULL OR status = $2)
            ORDER BY proposed_at DESC, change_id DESC LIMIT $3
            """, Pg.Text(customerCode), Pg.Text(status), Pg.Integer(take));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProfileDecisionOutcome> DecideAsync(
        string changeId, Func<ProfileChange, Customer?, Contact?, ProfileDecision> decide, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ProfileChange change;
        await using (var find = Pg.Command(connection, $"SELECT {Columns} FROM customer_changes WHERE change_id = $1 FOR UPDATE", Pg.Text(changeId)))
        {
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

        var customer = await EntityAsync(connection, EntityKind.Customer, change.CustomerCode, true, cancellationToken).ConfigureAwait(false);
        var contact = change.Subject == ProfileSubjects.Contact && change.TargetId is { } id
            ? await EntityAsync(connection, EntityKind.Contact, id, true, cancellationToken).ConfigureAwait(false)
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
            var (customerCode, order, sort) = StoredChanges.IndexColumns(write);
            // The entities' own upsert, in this transaction: the CRM feed's triggers log it like any import.
            await using var upsert = Pg.Command(connection, PostgreSqlHubStore.UpsertSql,
                Pg.Text(write.Kind.ToString()), Pg.Text(write.Key), Pg.Text(customerCode), Pg.Text(order), Pg.Micros(sort),
                Pg.Text(stamp.Source), Pg.Micros(stamp.Timestamp), Pg.Text(stamp.Reference), Pg.Text(EntityJson.Serialize(write)),
                Pg.BigInt(StoreTime.Micros(time.GetUtcNow())));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var update = Pg.Command(connection, """
            UPDATE customer_changes SET status = $1, decided_by = $2, decided_at = $3, reason = $4 WHERE change_id = $5 AND status = $6
            """, Pg.Text(decided.Status), Pg.Text(decided.DecidedBy), Pg.Micros(decided.DecidedAt), Pg.Text(decided.Reason),
            Pg.Text(change.ChangeId), Pg.Text(ProfileChangeStatus.Pending)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (decision.Message is { } message)
        {
            await PostgreSqlOutboxInsert.InsertAsync(connection, message, null, null, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ProfileDecisionOutcome(ProfileDecisionOutcome.DecidedResult, decided);
    }

    private static async Task<(CanonicalEntity? Entity, DateTimeOffset? SourceTs)> EntityAsync(
        NpgsqlConnection connection, EntityKind kind, string key, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = Pg.Command(connection,
            $"SELECT body, source_ts FROM entities WHERE kind = $1 AND entity_key = $2{(forUpdate ? " FOR UPDATE" : string.Empty)}",
            Pg.Text(kind.ToString()), Pg.Text(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (EntityJson.Deserialize(kind, reader.GetString(0)), StoreTime.FromMicros(reader.GetInt64(1)))
            : (null, null);
    }

    private static async Task<IReadOnlyList<ProfileChange>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var changes = new List<ProfileChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new ProfileChange
            {
                ChangeId = reader.GetString(0), CustomerCode = reader.GetString(1), Subject = reader.GetString(2), Action = reader.GetString(3),
                TargetId = reader.IsDBNull(4) ? null : reader.GetString(4), Old = ProfileJson.Values(reader.GetString(5)),
                New = ProfileJson.Values(reader.GetString(6)), Hints = ProfileJson.Hints(reader.IsDBNull(7) ? null : reader.GetString(7)),
                Status = reader.GetString(8), ProposedBy = reader.GetString(9), ProposedAt = StoreTime.FromMicros(reader.GetInt64(10)),
                DecidedBy = reader.IsDBNull(11) ? null : reader.GetString(11),
                DecidedAt = reader.IsDBNull(12) ? null : StoreTime.FromMicros(reader.GetInt64(12)), Reason = reader.IsDBNull(13) ? null : reader.GetString(13),
            });
        }

        return changes;
    }
}
