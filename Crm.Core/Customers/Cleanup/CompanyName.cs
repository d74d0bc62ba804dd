namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>A company name taken apart for comparison; the original is kept, never replaced.</summary>
/// <param name="Original">As the source wrote it.</param>
/// <param name="Core">The distinctive part: half-width, lower case, without legal form, place qualifiers, spaces and punctuation.</param>
/// <param name="LegalForm">The legal form found (有限公司, Co., Ltd., GmbH, ...), in a canonical spelling, or null.</param>
/// <param name="Qualifiers">Place names in brackets or as a leading province or city (深圳市, （苏州）), which tell branches apart.</param>
/// <param name="Place">The city the name says, without 市 (深圳 for 深圳市..., 苏州 for ...（苏州）...), or null.</param>
public sealed record CompanyName(string Original, string Core, string? LegalForm, IReadOnlyList<string> Qualifiers, string? Place = null);
