using System.Globalization;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Customers.Cleanup;
using IntegrationHub.Crm.Core.Orders;

namespace IntegrationHub.Crm.Core.Quality;

/// <summary>
/// The data-quality report of a migration: per customer field the fill rate and the share of invalid values,
/// probable duplicates, orders whose customer is unknown, and ERP order totals that disagree with their lines.
/// </summary>
public static class DataQualityReport
{
    public static IReadOnlyList<QualityMetric> Build(
        IReadOnlyList<Customer> customers, IReadOnlyList<SalesOrder> orders, IReadOnlyList<SalesOrderLine> lines, QualityThresholds? thresholds = null)
    {
        var t = thresholds ?? new QualityThresholds();
        var metrics = new List<QualityMetric>
        {
            Fill("customers.name.fill", customers, c => c.Name, t),
            Fill("customers.email.fill", customers, c => c.Email, t),
            Fill("customers.phone.fill", customers, c => c.Phone, t),
            Fill("customers.region.fill", customers, c => c.Region, t),
            Fill("customers.address.fill", customers, c => c.Address, t),
        };

        var emails = customers.Where(c => !string.IsNullOrWhiteSpace(c.Email)).Select(c => EmailNormalizer.Normalize(c.Email)).ToList();
        var badEmails = emails.Count(e => e.Normalized is null);
        var doubtful = emails.Count(e => e.Suggestion is not null);
        metrics.Add(Invalid("customers.email.invalid", badEmails + doubtful, emails.Count,
            "e-mail addresses that are not name@domain.tld or whose domain is probably a misspelt provider"
            + (doubtful == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({doubtful} such, e.g. {string.Join(", ", emails.Where(e => e.Suggestion is not null).Take(3).Select(e => $"{e.Normalized} -> {e.Suggestion}"))})")), t));
        var phones = customers.Where(c => !string.IsNullOrWhiteSpace(c.Phone)).ToList();
        var badPhones = phones.Count(c => PhoneNormalizer.Normalize(c.Phone).Kind == PhoneKind.Invalid);
        metrics.Add(Invalid("customers.phone.invalid", badPhones, phones.Count, "phone numbers that are neither a mainland mobile nor a landline", t));

        var duplicates = DuplicateFinder.Find(customers);
        metrics.Add(Problem("customers.duplicates", duplicates.Count, customers.Count, "probable duplicate pairs (hub customers duplicates lists them)", t));

        var known = customers.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var orphans = orders.Count(o => !known.Contains(o.CustomerCode));
        metrics.Add(Problem("orders.unknown-customer", orphans, orders.Count, "orders whose customer code is not in the customer master", t));

        var sums = lines.Where(l => !l.Cancelled && l.UnitPrice is not null)
            .GroupBy(l => l.OrderNo, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity * l.UnitPrice!.Value), StringComparer.Ordinal);
        var withTotals = orders.Where(o => o.TotalAmount is not null && sums.ContainsKey(o.OrderNo)).ToList();
        var disagree = withTotals.Count(o => Math.Abs(o.TotalAmount!.Value - sums[o.OrderNo]) > 0.01m);
        metrics.Add(Problem("orders.total-mismatch", disagree, withTotals.Count, "orders whose total differs from the sum of quantity x unit price of their lines by more than 0.01", t));
        return metrics;
    }

    private static QualityMetric Fill(string name, IReadOnlyList<Customer> customers, Func<Customer, string?> field, QualityThresholds t)
    {
        var filled = customers.Count(c => !string.IsNullOrWhiteSpace(field(c)));
        var share = customers.Count == 0 ? 1 : (double)filled / customers.Count;
        var rating = share >= t.FillGreen ? QualityRating.Green : share >= t.FillYellow ? QualityRating.Yellow : QualityRating.Red;
        return new QualityMetric(name, share, true, rating, string.Create(CultureInfo.InvariantCulture, $"{filled} of {customers.Count} customers"));
    }

    private static QualityMetric Invalid(string name, int bad, int of, string what, QualityThresholds t)
    {
        var share = of == 0 ? 0 : (double)bad / of;
        var rating = share <= t.InvalidGreen ? QualityRating.Green : share <= t.InvalidYellow ? QualityRating.Yellow : QualityRating.Red;
        return new QualityMetric(name, share, true, rating, string.Create(CultureInfo.InvariantCulture, $"{bad} of {of} {what}"));
    }

    private static QualityMetric Problem(string name, int count, int of, string what, QualityThresholds t)
    {
        var share = of == 0 ? 0 : (double)count / of;
        var rating = count == 0 ? QualityRating.Green : share <= t.ProblemYellow ? QualityRating.Yellow : QualityRating.Red;
        return new QualityMetric(name, count, false, rating, string.Create(CultureInfo.InvariantCulture, $"{count} of {of}: {what}"));
    }
}
