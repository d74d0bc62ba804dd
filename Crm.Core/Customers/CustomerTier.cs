namespace IntegrationHub.Crm.Core.Customers;

/// <summary>The service tier of a customer; it raises ticket priority for the higher tiers.</summary>
public enum CustomerTier
{
    Standard,
    Silver,
    Gold,
}
