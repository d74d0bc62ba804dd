using System.Globalization;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// The desk's survey report (issue 24 item 5): CSAT and NPS over all answers, by engineer (the ticket's assignee at
/// resolve), by category (the ticket's code) and by month of the answer in the site's time zone; every month of the
/// range is listed, a month without answers with nulls.
/// </summary>
internal sealed record SurveyReport(SurveyScore Total, IReadOnlyList<SurveyScore> ByEngineer, IReadOnlyList<SurveyScore> ByCategory, IReadOnlyList<SurveyScore> ByMonth)
{
    /// <summary>The engineer's key of a ticket resolved while it was in a queue.</summary>
    public const string Unassigned = "(unassigned)";

    public static SurveyReport Build(IReadOnlyList<SurveyInvitation> answered, IReadOnlyList<string> months, TimeZoneInfo zone)
    {
        var withAnswers = answered.Where(a => a.Answer is not null && a.AnsweredAt is not null).ToList();
        var byMonth = withAnswers.ToLookup(a => Month(a.AnsweredAt!.Value, zone), StringComparer.Ordinal);
        return new SurveyReport(
            Score("all", withAnswers.Select(a => a.Answer!)),
            Group(withAnswers, a => a.Engineer ?? Unassigned),
            Group(withAnswers, a => a.Category),
            [.. months.Select(m => Score(m, byMonth[m].Select(a => a.Answer!)))]);
    }

    /// <summary>The scores of <paramref name="answers"/>, under <paramref name="key"/>.</summary>
    public static SurveyScore Score(string key, IEnumerable<SurveyAnswer> answers)
    {
        var list = answers.ToList();
        if (list.Count == 0)
        {
            return new SurveyScore(key, 0, null, null, 0, 0, 0);
        }

        var satisfied = list.Count(a => a.Rating >= 4);
        var promoters = list.Count(a => a.Score >= 9);
        var detractors = list.Count(a => a.Score <= 6);
        double Percent(int count) => Math.Round(100.0 * count / list.Count, 1);
        return new SurveyScore(key, list.Count, Percent(satisfied), Math.Round(100.0 * (promoters - detractors) / list.Count, 1),
            promoters, list.Count - promoters - detractors, detractors);
    }

    /// <summary>The month (yyyy-MM) of <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static string Month(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The instant <paramref name="month"/> (its first day, 00:00) begins in <paramref name="zone"/>.</summary>
    public static DateTimeOffset MonthStart(DateOnly month, TimeZoneInfo zone)
    {
        var local = new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static List<SurveyScore> Group(IEnumerable<SurveyInvitation> answered, Func<SurveyInvitation, string> key) =>
        [.. answered.GroupBy(key, StringComparer.Ordinal).Select(g => Score(g.Key, g.Select(a => a.Answer!)))
            .OrderByDescending(s => s.Answers).ThenBy(s => s.Key, StringComparer.Ordinal)];
}
