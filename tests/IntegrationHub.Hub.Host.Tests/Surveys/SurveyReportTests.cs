using IntegrationHub.Hub.Host.Surveys;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>The survey report's arithmetic: CSAT (share of 4-5 ratings) and NPS (% 9-10 minus % 0-6), by group and by month in the site's zone.</summary>
public sealed class SurveyReportTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void Score_NoAnswers_HasNoCsatAndNoNps()
    {
        var score = SurveyReport.Score("2026-03", []);

        Assert.Equal(new SurveyScore("2026-03", 0, null, null, 0, 0, 0), score);
    }

    [Fact]
    public void Score_OneAnswer_IsThatAnswersShare()
    {
        Assert.Equal(new SurveyScore("x", 1, 100, 100, 1, 0, 0), SurveyReport.Score("x", [new SurveyAnswer(4, 9, null)]));
        Assert.Equal(new SurveyScore("x", 1, 0, -100, 0, 0, 1), SurveyReport.Score("x", [new SurveyAnswer(3, 6, null)]));
    }

    [Fact]
    public void Score_OnlyPassives_IsAnNpsOfZero()
    {
        var score = SurveyReport.Score("x", [new SurveyAnswer(5, 7, null), new SurveyAnswer(4, 8, null), new SurveyAnswer(5, 8, null)]);

        Assert.Equal(0, score.Nps);
        Assert.Equal(3, score.Passives);
        Assert.Equal(100, score.Csat);
    }

    [Fact]
    public void Score_Mixed_CountsTheBoundariesOnTheRightSide()
    {
        // Ratings 5, 4 satisfied; 3, 1 not. Scores 10 and 9 promote, 8 is passive, 6 and 0 detract.
        var score = SurveyReport.Score("x",
            [new SurveyAnswer(5, 10, null), new SurveyAnswer(4, 9, null), new SurveyAnswer(3, 8, null), new SurveyAnswer(1, 6, null), new SurveyAnswer(1, 0, null), new SurveyAnswer(1, 0, null)]);

        Assert.Equal(33.3, score.Csat);
        Assert.Equal(-16.7, score.Nps);
        Assert.Equal((2, 1, 3), (score.Promoters, score.Passives, score.Detractors));
    }

    [Fact]
    public void Build_GroupsByEngineerCategoryAndTheMonthInTheSitesZone_AndListsEmptyMonths()
    {
        // 2026-01-31 17:30 UTC is 2026-02-01 01:30 in Shanghai: a February answer there.
        var answers = new[]
        {
            Answered("T-1", "zhang.wei", "OVERHEAT", "2026-01-31T17:30:00Z", 5, 10),
            Answered("T-2", "zhang.wei", "customer:noise", "2026-01-10T03:00:00Z", 2, 3),
            Answered("T-3", null, "OVERHEAT", "2026-03-05T03:00:00Z", 4, 8),
            new SurveyInvitation { IdHash = "h4", TicketNo = "T-4", CustomerCode = "C1", Category = "OVERHEAT", ResolvedAt = At("2026-01-01T00:00:00Z"), ExpiresAt = At("2026-02-01T00:00:00Z") },
        };

        var report = SurveyReport.Build(answers, ["2026-01", "2026-02", "2026-03", "2026-04"], Shanghai);

        Assert.Equal(3, report.Total.Answers);
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], report.ByMonth.Select(m => m.Key));
        Assert.Equal([1, 1, 1, 0], report.ByMonth.Select(m => m.Answers));
        Assert.Equal(100, report.ByMonth[1].Csat);
        Assert.Null(report.ByMonth[3].Csat);
        Assert.Null(report.ByMonth[3].Nps);
        var engineer = Assert.Single(report.ByEngineer, s => s.Key == "zhang.wei");
        Assert.Equal((2, 50.0, 0.0), (engineer.Answers, engineer.Csat!.Value, engineer.Nps!.Value));
        Assert.Contains(report.ByEngineer, s => s.Key == SurveyReport.Unassigned && s.Answers == 1);
        Assert.Equal(["OVERHEAT", "customer:noise"], report.ByCategory.Select(s => s.Key));
    }

    [Fact]
    public void MonthStart_IsMidnightOfTheFirstInTheZone()
    {
        Assert.Equal(At("2026-02-28T16:00:00Z"), SurveyReport.MonthStart(new DateOnly(2026, 3, 1), Shanghai));
        Assert.Equal("2026-03", SurveyReport.Month(At("2026-02-28T16:00:00Z"), Shanghai));
        Assert.Equal("2026-02", SurveyReport.Month(At("2026-02-28T15:59:59Z"), Shanghai));
    }

    private static SurveyInvitation Answered(string ticketNo, string? engineer, string category, string answeredAt, int rating, int score) => new()
    {
        IdHash = "h-" + ticketNo,
        TicketNo = ticketNo,
        CustomerCode = "C1",
        Engineer = engineer,
        Category = category,
        ResolvedAt = At(answeredAt).AddDays(-1),
        ExpiresAt = At(answeredAt).AddDays(29),
        AnsweredAt = At(answeredAt),
        Answer = new SurveyAnswer(rating, score, null),
    };

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
