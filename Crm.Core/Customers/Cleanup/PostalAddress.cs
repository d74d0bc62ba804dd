namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>A postal address cleaned for display and reduced to a key for matching.</summary>
/// <param name="Original">As the source wrote it.</param>
/// <param name="Cleaned">Half-width, single spaces, one kind of bracket; what a person would write.</param>
/// <param name="MatchKey">
/// Without the country, the administrative suffixes (省, 市, 区, 县, 自治区, Province, City, District), spaces and
/// punctuation, in lower case, from the city on (the province left out): two spellings of one place give the same key.
/// Null for an empty address.
/// </param>
/// <param name="City">The city the address starts with (after any postcode, country and province), without 市, or null.</param>
public sealed record PostalAddress(string Original, string Cleaned, string? MatchKey, string? City = null);
