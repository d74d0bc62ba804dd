using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>Reads made of several <see cref="IRulesUnitOfWork"/> reads, the same on every store.</summary>
internal static class RulesUnitOfWorkExtensions
{
    /// <summary>The customer who owns the asset, from the installed-equipment and customer records; null when unknown.</summary>
    public static async Task<Customer?> FindAssetCustomerAsync(this IRulesUnitOfWork unitOfWork, string assetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        var equipment = await unitOfWork.EntityAsync(EntityKind.InstalledEquipment, assetId, cancellationToken).ConfigureAwait(false) as InstalledEquipment;
        return equipment is null
            ? null
            : await unitOfWork.EntityAsync(EntityKind.Customer, equipment.CustomerCode, cancellationToken).ConfigureAwait(false) as Customer;
    }
}
