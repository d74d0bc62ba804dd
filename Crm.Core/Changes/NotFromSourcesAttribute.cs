namespace IntegrationHub.Crm.Core.Changes;

/// <summary>
/// Marks a canonical property that the hub keeps itself and no source fills (for example the delivery addresses a
/// customer keeps on the portal): mappings refuse it by name with <see cref="Reason"/>, and it needs no converter.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class NotFromSourcesAttribute(string reason) : Attribute
{
    /// <summary>Who keeps the property instead, said to whoever names it in a mapping.</summary>
    public string Reason { get; } = reason;
}
