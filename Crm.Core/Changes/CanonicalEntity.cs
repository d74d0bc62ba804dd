namespace IntegrationHub.Crm.Core.Changes;

/// <summary>
/// Base of every record of the canonical model. An entity is identified by its <see cref="Kind"/> and
/// <see cref="Key"/>, the business key the source systems share (order number, customer code, ...).
/// </summary>
public abstract record CanonicalEntity
{
    /// <summary>The entity's type, stable across versions; stored with the entity.</summary>
    public abstract EntityKind Kind { get; }

    /// <summary>The business key, unique within <see cref="Kind"/>.</summary>
    public abstract string Key { get; }
}
