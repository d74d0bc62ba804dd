using System.Globalization;
using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>Chooses an engineer for a ticket from the roster, or a queue when none fits.</summary>
/// <remarks>
/// Candidates are on duty, cover the customer's region, have the required skill and are below
/// <see cref="MaxOpenTickets"/>. Of those, the one with the fewest open tickets wins; ties go to the lowest id in
/// ordinal order, so every node decides the same. No candidate: the ticket goes to <see cref="FallbackQueue"/>.
/// </remarks>
public sealed record AssignmentPolicy
{
    /// <summary>The queue for tickets no engineer fits.</summary>
    /// <value>The default value is <c>service-desk</c>.</value>
    public string FallbackQueue { get; init; } = "service-desk";

    /// <summary>An engineer with this many open tickets or more gets no more; null for no limit.</summary>
    /// <value>The default value is null (no limit).</value>
    public int? MaxOpenTickets { get; init; }

    /// <summary>The defaults.</summary>
    public static AssignmentPolicy Default { get; } = new();

    /// <summary>Chooses the engineer for <paramref name="request"/> from <paramref name="roster"/>.</summary>
    public AssignmentDecision Assign(AssignmentRequest request, IEnumerable<Engineer> roster)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(roster);
        var all = roster.ToList();
        var offDuty = all.Where(e => !e.OnDuty).ToList();
        var otherRegion = all.Except(offDuty)
            .Where(e => request.Region is not null && !string.Equals(e.Region, request.Region, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var lacksSkill = all.Except(offDuty).Except(otherRegion)
            .Where(e => request.RequiredSkill is not null && !e.HasSkill(request.RequiredSkill))
            .ToList();
        var full = all.Except(offDuty).Except(otherRegion).Except(lacksSkill)
            .Where(e => MaxOpenTickets is { } max && e.OpenTickets >= max)
            .ToList();
        var candidates = all.Except(offDuty).Except(otherRegion).Except(lacksSkill).Except(full)
            .OrderBy(e => e.OpenTickets)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        var wanted = Invariant($"region {request.Region ?? "any"}, skill {request.RequiredSkill ?? "none"}");
        if (candidates.Count == 0)
        {
            var excluded = string.Join(", ", new[]
            {
                Count(offDuty.Count, "off duty"),
                Count(otherRegion.Count, "in another region"),
                Count(lacksSkill.Count, "without the skill"),
                Count(full.Count, "at the open-ticket limit"),
            }.Where(s => s.Length > 0));
            return new AssignmentDecision
            {
                Queue = FallbackQueue,
                Reason = Invariant($"No engineer fits ({wanted}; {all.Count} on the roster")
                    + (excluded.Length > 0 ? ": " + excluded : "") + Invariant($"): queued to {FallbackQueue}."),
            };
        }

        var chosen = candidates[0];
        var reason = Invariant($"Assigned to {chosen.Id} ({wanted}) with {chosen.OpenTickets} open tickets, the fewest of {candidates.Count} candidates");
        var tied = candidates.Skip(1).Where(e => e.OpenTickets == chosen.OpenTickets).Select(e => e.Id).ToList();
        reason += tied.Count > 0 ? Invariant($"; tie with {string.Join(", ", tied)} broken by id.") : ".";
        return new AssignmentDecision { EngineerId = chosen.Id, Reason = reason };
    }

    private static string Count(int n, string what) =>
        n == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{n} {what}");
}
