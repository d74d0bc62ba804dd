namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Two customer records that are probably one company, with the evidence. A proposal only: merging is a person's
/// decision, so nothing is merged here.
/// </summary>
/// <param name="KeepCode">The record proposed to keep (the one with more filled fields, else the lower code).</param>
/// <param name="DuplicateCode">The record proposed to fold into it.</param>
/// <param name="Score">0 to 1.</param>
/// <param name="Reasons">Each piece of evidence, in words, for the reviewer.</param>
/// <param name="Notes">
/// The free-text notes of both records, each with its code (<c>C017: 月结60天</c>), so that a merge keeps them all
/// instead of dropping the duplicate's.
/// </param>
public sealed record MergeProposal(string KeepCode, string DuplicateCode, double Score, IReadOnlyList<string> Reasons, IReadOnlyList<string> Notes);
