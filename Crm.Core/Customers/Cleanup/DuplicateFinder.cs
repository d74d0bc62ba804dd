using System.Globalization;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Finds probable duplicates among customer records from several sources (issue 23 item 7). A pair is proposed only when
/// its names are related once normalised (the same, one character apart, or one the other shortened), and its score,
/// made of that relation, the same phone, the same e-mail address or company domain, the same postal address, and the
/// city (the same, another, or unknown), reaches the minimum. The weights are <see cref="DuplicateEvidence"/>'s.
/// Records are paired through <see cref="DuplicateBlocking"/>, so 10,000 customers are not 50 million comparisons.
/// </summary>
public static class DuplicateFinder
{
    /// <summary>Mail providers whose domain says nothing about the company.</summary>
    private static readonly HashSet<string> PublicDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "foxmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "139.com",
        "aliyun.com", "yeah.net", "sina.cn", "vip.qq.com", "vip.163.com", "icloud.com",
    };

    /// <value>The default minimum score of a proposal is 0.75 (<see cref="DuplicateEvidence.DefaultMinimumScore"/>).</value>
    public static IReadOnlyList<MergeProposal> Find(IEnumerable<Customer> customers, double minimumScore = DuplicateEvidence.DefaultMinimumScore)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var prepared = customers.Select(Prepare).ToList();
        var proposals = new List<MergeProposal>();
        foreach (var (i, j) in DuplicateBlocking.Candidates([.. prepared.Select(p => p.Name.Core)]))
        {
            if (Score(prepared[i], prepared[j], minimumScore) is { } proposal)
            {
                proposals.Add(proposal);
            }
        }

        return [.. proposals.OrderByDescending(p => p.Score).ThenBy(p => p.KeepCode, StringComparer.Ordinal).ThenBy(p => p.DuplicateCode, StringComparer.Ordinal)];
    }

    private static Prepared Prepare(Customer c)
    {
        var name = CompanyNameNormalizer.Normalize(c.Name);
        var address = AddressNormalizer.Normalize(c.Address);
        var email = EmailNormalizer.Normalize(c.Email).Normalized;
        var domain = email?[(email.LastIndexOf('@') + 1)..];
        return new Prepared(c, name, PhoneNormalizer.Normalize(c.Phone).Normalized, email,
            domain is null || PublicDomains.Contains(domain) ? null : domain, address.MatchKey, name.Place ?? address.City);
    }

    private static MergeProposal? Score(Prepared a, Prepared b, double minimumScore)
    {
        var relation = NameCloseness.Relate(a.Name.Core, b.Name.Core);
        if (relation == NameRelation.Different)
        {
            return null;
        }

        var reasons = new List<string>
        {
            relation switch
            {
                NameRelation.Same => $"same name once normalised ('{a.Name.Core}')",
                NameRelation.OneCharacterApart => $"names one character apart ('{a.Name.Core}' / '{b.Name.Core}')",
                _ => $"one name is the other shortened ('{a.Name.Core}' / '{b.Name.Core}')",
            },
        };
        var score = DuplicateEvidence.Of(relation);
        if (a.Phone is { } phone && phone == b.Phone)
        {
            score += DuplicateEvidence.SamePhone;
            reasons.Add($"same phone {phone}");
        }

        if (a.Email is { } email && string.Equals(email, b.Email, StringComparison.OrdinalIgnoreCase))
        {
            score += DuplicateEvidence.SameEmail;
            reasons.Add($"same e-mail {email}");
        }
        else if (a.Domain is { } domain && string.Equals(domain, b.Domain, StringComparison.OrdinalIgnoreCase))
        {
            score += DuplicateEvidence.SameCompanyDomain;
            reasons.Add($"same e-mail domain {domain}");
        }

        if (a.Address is { } address && address == b.Address)
        {
            score += DuplicateEvidence.SameAddress;
            reasons.Add($"same address once normalised ('{a.Customer.Address}' / '{b.Customer.Address}')");
        }

        if (a.City is { } city && b.City is { } other)
        {
            var same = string.Equals(city, other, StringComparison.Ordinal);
            score += same ? DuplicateEvidence.SameCity : DuplicateEvidence.OtherCity;
            reasons.Add(same ? $"same city {city}" : $"different places ({city} vs {other}): perhaps branches or namesakes");
        }

        // Rounded before the comparison, so that 0.45 + 0.3 is 0.75 and not 0.7499999.
        score = Math.Round(Math.Clamp(score, 0, 1), 2);
        if (score < minimumScore)
        {
            return null;
        }

        var keepA = Filled(a.Customer) >= Filled(b.Customer);
        var (keep, duplicate) = keepA ? (a.Customer, b.Customer) : (b.Customer, a.Customer);
        string[] notes = [.. new[] { keep, duplicate }.Where(c => !string.IsNullOrWhiteSpace(c.Notes)).Select(c => $"{c.Code}: {c.Notes!.Trim()}")];
        return new MergeProposal(keep.Code, duplicate.Code, score, reasons, notes);
    }

    private static int Filled(Customer c) =>
        new[] { c.Email, c.Phone, c.Region, c.Address }.Count(v => !string.IsNullOrWhiteSpace(v));

    private sealed record Prepared(Customer Customer, CompanyName Name, string? Phone, string? Email, string? Domain, string? Address, string? City);
}
