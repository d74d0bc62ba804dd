using System.Globalization;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Finds probable duplicates among customer records from several sources: names alike once normalised, the same
/// phone, the same e-mail address or company e-mail domain, the same postal address once normalised. Different place
/// qualifiers (深圳 vs 苏州 branches) count against a match.
/// </summary>
public static class DuplicateFinder
{
    /// <summary>Mail providers whose domain says nothing about the company.</summary>
    private static readonly HashSet<string> PublicDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "foxmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "139.com", "aliyun.com",
    };

    /// <value>The default minimum score of a proposal is 0.75.</value>
    public static IReadOnlyList<MergeProposal> Find(IEnumerable<Customer> customers, double minimumScore = 0.75)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var prepared = customers.Select(c => (
            Customer: c,
            Name: CompanyNameNormalizer.Normalize(c.Name),
            Phone: PhoneNormalizer.Normalize(c.Phone),
            Email: EmailNormalizer.Normalize(c.Email).Normalized,
            Address: AddressNormalizer.Normalize(c.Address).MatchKey)).ToList();
        var proposals = new List<MergeProposal>();
        for (var i = 0; i < prepared.Count; i++)
        {
            for (var j = i + 1; j < prepared.Count; j++)
            {
                var a = prepared[i];
                var b = prepared[j];
                var reasons = new List<string>();
                var similarity = CompanyNameNormalizer.Similarity(a.Name.Core, b.Name.Core);
                var score = similarity >= 0.999 ? 0.85 : 0.7 * similarity;
                if (similarity >= 0.999)
                {
                    reasons.Add($"same name once normalised ('{a.Name.Core}')");
                }
                else if (similarity > 0)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"names {similarity:P0} alike ('{a.Name.Core}' / '{b.Name.Core}')"));
                }

                if (a.Phone.Normalized is { } phone && phone == b.Phone.Normalized)
                {
                    score += 0.25;
                    reasons.Add($"same phone {phone}");
                }

                if (a.Email is { } email && string.Equals(email, b.Email, StringComparison.OrdinalIgnoreCase))
                {
                    score += 0.25;
                    reasons.Add($"same e-mail {email}");
                }
                else if (Domain(a.Email) is { } domain && string.Equals(domain, Domain(b.Email), StringComparison.Ordinal) && !PublicDomains.Contains(domain))
                {
                    score += 0.15;
                    reasons.Add($"same e-mail domain {domain}");
                }

                if (a.Address is { } address && address == b.Address)
                {
                    score += 0.2;
                    reasons.Add($"same address once normalised ('{a.Customer.Address}' / '{b.Customer.Address}')");
                }

                var placesA = a.Name.Qualifiers.ToHashSet(StringComparer.Ordinal);
                if (placesA.Count > 0 && b.Name.Qualifiers.Count > 0 && !placesA.Overlaps(b.Name.Qualifiers))
                {
                    score -= 0.3;
                    reasons.Add($"different places ({string.Join("/", a.Name.Qualifiers)} vs {string.Join("/", b.Name.Qualifiers)}): perhaps branches");
                }

                score = Math.Clamp(score, 0, 1);
                if (score >= minimumScore)
                {
                    var keepA = Filled(a.Customer) >= Filled(b.Customer);
                    var (keep, duplicate) = keepA ? (a.Customer, b.Customer) : (b.Customer, a.Customer);
                    string[] notes = [.. new[] { keep, duplicate }.Where(c => !string.IsNullOrWhiteSpace(c.Notes)).Select(c => $"{c.Code}: {c.Notes!.Trim()}")];
                    proposals.Add(new MergeProposal(keep.Code, duplicate.Code, Math.Round(score, 2), reasons, notes));
                }
            }
        }

        return [.. proposals.OrderByDescending(p => p.Score).ThenBy(p => p.KeepCode, StringComparer.Ordinal)];
    }

    private static string? Domain(string? normalizedEmail) =>
        normalizedEmail is null ? null : normalizedEmail[(normalizedEmail.LastIndexOf('@') + 1)..];

    private static int Filled(Customer c) =>
        new[] { c.Email, c.Phone, c.Region, c.Address }.Count(v => !string.IsNullOrWhiteSpace(v));
}
