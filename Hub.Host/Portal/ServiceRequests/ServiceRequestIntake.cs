using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>
/// Takes a customer's report of a problem with one of their machines, from the portal or the chat robot (issue 24
/// item 1): checks it, and opens a ticket through <see cref="TicketWorkflow.OnCustomerRequestAsync"/> in one unit of
/// work with the request itself, so that a replayed submit (the same idempotency key) finds the first one and stores
/// nothing twice. Another customer's machine gets the same answer as an unknown one.
/// </summary>
internal sealed partial class ServiceRequestIntake(HubOptions options, IRulesStore rulesStore, TicketWorkflow workflow, TimeProvider time, ILogger<ServiceRequestIntake> logger)
{
    private const int MaxAssetIdLength = 64;

    private ServiceRequestOptions Settings => options.Portal.ServiceRequests;

    /// <summary>The category named <paramref name="name"/>, or null.</summary>
    public ServiceRequestCategory? Category(string? name) => Settings.CategoryTable().FirstOrDefault(c => string.Equals(c.Name, name?.Trim(), StringComparison.Ordinal));

    /// <summary>The category a chat report's text points at by its keywords, else the chat default.</summary>
    public ServiceRequestCategory ChatCategory(string text) =>
        Settings.CategoryTable().FirstOrDefault(c => c.Keywords.Any(k => k.Length > 0 && text.Contains(k, StringComparison.OrdinalIgnoreCase)))
        ?? Category(Settings.ChatCategory)!;

    /// <summary>Whether the machine exists and is the customer's; checked again when the request is stored.</summary>
    public async Task<bool> OwnsAsync(string customerCode, string assetId, CancellationToken cancellationToken)
    {
        if (!IsAssetId(assetId))
        {
            return false;
        }

        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await OwnerAsync(tx, customerCode, assetId, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Checks <paramref name="draft"/> and opens (or finds) its ticket.</summary>
    public async Task<ServiceRequestOutcome> SubmitAsync(ServiceRequestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Check(draft) is { } invalid)
        {
            ServiceRequestLog.Refused(logger, draft.CustomerCode, invalid.Error!);
            return invalid;
        }

        var category = Category(draft.Category)!;
        var (text, _) = ServiceRequestText.Check(draft.Text, Settings.MaxTextLength);
        try
        {
            return await StoreAsync(draft, category, text!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Two submits of one key at once: one commits, the other breaks the key's uniqueness (or the open ticket's)
            // and rolls back. Trying once more finds the first; anything else fails again, and is thrown then.
            ServiceRequestLog.Retried(logger, draft.CustomerCode, e.GetType().Name);
            return await StoreAsync(draft, category, text!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first rule <paramref name="draft"/> breaks (key, category, photo count, text), or null; the machine is checked when stored.</summary>
    public ServiceRequestOutcome? Check(ServiceRequestDraft draft)
    {
        if (!IsRequestKey(draft.RequestKey))
        {
            return ServiceRequestOutcome.Invalid("requestKey must be 8 to 64 letters, digits, '-' or '_' (the form makes one per report).");
        }

        if (Category(draft.Category) is null)
        {
            return ServiceRequestOutcome.Invalid($"category must be one of: {string.Join(", ", Settings.CategoryTable().Select(c => c.Name))}.");
        }

        if (draft.Photos.Count > Settings.MaxPhotos)
        {
            return ServiceRequestOutcome.Invalid($"A report takes at most {Settings.MaxPhotos} photos; this one has {draft.Photos.Count}.");
        }

        var (_, error) = ServiceRequestText.Check(draft.Text, Settings.MaxTextLength);
        return error is null ? null : ServiceRequestOutcome.Invalid(error);
    }

    private async Task<ServiceRequestOutcome> StoreAsync(ServiceRequestDraft draft, ServiceRequestCategory category, string text, CancellationToken cancellationToken)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.ServiceRequestAsync(draft.CustomerCode, draft.RequestKey, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            ServiceRequestLog.Replayed(logger, draft.CustomerCode, draft.RequestKey, earlier.TicketNo);
            return new ServiceRequestOutcome(ServiceRequestStatus.Replayed, earlier.TicketNo) { KeptPhotoIds = [.. earlier.Photos.Select(p => p.Id)] };
        }

        if (!IsAssetId(draft.AssetId) || await OwnerAsync(tx, draft.CustomerCode, draft.AssetId, cancellationToken).ConfigureAwait(false) is not { } customer)
        {
            ServiceRequestLog.UnknownAsset(logger, draft.CustomerCode, IsAssetId(draft.AssetId) ? draft.AssetId : "(not a machine id)");
            return ServiceRequestOutcome.UnknownAsset;
        }

        var ticket = await workflow.OnCustomerRequestAsync(tx, customer, draft, category, text, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        ServiceRequestLog.Reported(logger, customer.Code, category.Name, draft.Photos.Count, draft.AssetId, draft.Channel, ticket.TicketNo);
        return new ServiceRequestOutcome(ServiceRequestStatus.Opened, ticket.TicketNo);
    }

    private static async Task<Customer?> OwnerAsync(IRulesUnitOfWork tx, string customerCode, string assetId, CancellationToken cancellationToken)
    {
        var machine = await tx.EntityAsync(EntityKind.InstalledEquipment, assetId, cancellationToken).ConfigureAwait(false) as InstalledEquipment;
        if (machine is null || !string.Equals(machine.CustomerCode, customerCode, StringComparison.Ordinal))
        {
            return null;
        }

        return await tx.EntityAsync(EntityKind.Customer, customerCode, cancellationToken).ConfigureAwait(false) as Customer
            ?? new Customer { Code = customerCode, Name = customerCode };
    }

    /// <summary>Whether <paramref name="assetId"/> has the shape of a machine id (anything else is unknown at once).</summary>
    public static bool IsAssetId(string? assetId) =>
        assetId is { Length: >= 1 and <= MaxAssetIdLength } && assetId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    private static bool IsRequestKey(string? key) =>
        key is { Length: >= 8 and <= 64 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
