namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>A Chinese phone number in one spelling: <c>+86 13812345678</c>, <c>+86 21 62345678</c> (with <c>ext. 123</c>).</summary>
/// <param name="Original">As the source wrote it.</param>
/// <param name="Normalized">The canonical spelling, or null when the number is not valid.</param>
/// <param name="Kind">Mobile, landline, or invalid.</param>
/// <param name="Problem">Why it is invalid, for the data-quality report.</param>
public sealed record PhoneNumber(string Original, string? Normalized, PhoneKind Kind, string? Problem);

public enum PhoneKind
{
    Invalid,
    Mobile,
    Landline,
}
