using IntegrationHub.Crm.Core.Customers.Cleanup;
using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Quality;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// The data-quality report for the admin page (issue 23 item 6): the metrics of <c>hub quality report</c>, the
/// probable duplicates with their evidence, and the phone numbers and e-mail addresses that are not valid, each with
/// its record. Read only: merging stays a person's decision, made in the source systems.
/// </summary>
internal static class AdminQualityEndpoints
{
    /// <summary>The most duplicate pairs and invalid values the page lists; the counts are always whole.</summary>
    public const int MaxListed = 200;

    public static RouteGroupBuilder MapAdminQuality(this RouteGroupBuilder admin)
    {
        admin.MapGet("/quality", async (IHubStore store, HubOptions options, CancellationToken ct) =>
        {
            var metrics = await QualityReportBuilder.BuildAsync(store, options.Quality, ct).ConfigureAwait(false);
            var customers = await store.ListCustomersAsync(ct).ConfigureAwait(false);
            var byCode = customers.ToDictionary(c => c.Code, StringComparer.Ordinal);
            var proposals = DuplicateFinder.Find(customers);
            var invalid = customers
                .SelectMany(c => new[]
                {
                    string.IsNullOrWhiteSpace(c.Phone) ? null : PhoneNormalizer.Normalize(c.Phone) is { Kind: PhoneKind.Invalid } phone
                        ? new AdminInvalidValue(c.Code, c.Name, "phone", c.Phone, phone.Problem ?? "not a phone number") : null,
                    string.IsNullOrWhiteSpace(c.Email) ? null : EmailNormalizer.Normalize(c.Email) is { IsValid: false } email
                        ? new AdminInvalidValue(c.Code, c.Name, "email", c.Email, email.Problem ?? "not an e-mail address") : null,
                })
                .OfType<AdminInvalidValue>().ToList();
            return TypedResults.Ok(new AdminQuality(
                metrics, customers.Count, proposals.Count,
                [.. proposals.Take(MaxListed).Select(p => new AdminDuplicate(p.KeepCode, byCode[p.KeepCode].Name, p.DuplicateCode, byCode[p.DuplicateCode].Name, p.Score, p.Reasons, p.Notes))],
                invalid.Count, [.. invalid.Take(MaxListed)]));
        });
        return admin;
    }
}

internal sealed record AdminQuality(
    IReadOnlyList<QualityMetric> Metrics, int Customers, int DuplicateCount, IReadOnlyList<AdminDuplicate> Duplicates,
    int InvalidCount, IReadOnlyList<AdminInvalidValue> Invalid);

internal sealed record AdminDuplicate(
    string KeepCode, string KeepName, string DuplicateCode, string DuplicateName, double Score, IReadOnlyList<string> Reasons, IReadOnlyList<string> Notes);

internal sealed record AdminInvalidValue(string Code, string Name, string Field, string Value, string Problem);
