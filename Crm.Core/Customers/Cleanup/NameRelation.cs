namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>How the distinctive parts (<see cref="CompanyName.Core"/>) of two company names relate, strongest last.</summary>
public enum NameRelation
{
    /// <summary>Neither the same, nor one slip apart, nor one the other shortened: two companies, whatever else agrees.</summary>
    Different,

    /// <summary>One is the other with characters left out, same beginning (科达模具 / 科达精密模具).</summary>
    Shortened,

    /// <summary>One character changed, added or dropped (精工 / 精功, 三友 / 三有): a slip of the input method, or another company.</summary>
    OneCharacterApart,

    /// <summary>The same once normalised.</summary>
    Same,
}
