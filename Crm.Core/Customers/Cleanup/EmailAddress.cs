namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>An e-mail address in one spelling: trimmed, half-width, the domain in lower case.</summary>
/// <param name="Original">As the source wrote it.</param>
/// <param name="Normalized">The cleaned address when it is valid, else null.</param>
/// <param name="Suggestion">For a likely misspelt mail provider (<c>qq.con</c>), the address it probably is; never applied by itself.</param>
/// <param name="Problem">Why it is invalid or doubtful, for the data-quality report.</param>
public sealed record EmailAddress(string Original, string? Normalized, string? Suggestion, string? Problem)
{
    public bool IsValid => Normalized is not null && Suggestion is null;
}
