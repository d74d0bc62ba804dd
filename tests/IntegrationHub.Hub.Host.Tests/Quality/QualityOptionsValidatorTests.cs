using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Quality;

namespace IntegrationHub.Hub.Host.Tests.Quality;

/// <summary>Issue 21 item 4: <c>Hub:Quality:Report</c> checked at start, every problem at once, each with its path.</summary>
public sealed class QualityOptionsValidatorTests
{
    private static readonly NotificationOptions Notifications = new()
    {
        Channels = new Dictionary<string, ChannelSettings> { ["mail"] = new() { Kind = "smtp" }, ["robot"] = new() { Kind = "wecom" } },
    };

    private static IReadOnlyList<string> Problems(QualityReportSchedule report) =>
        new QualityOptionsValidator(Notifications).Problems(new QualityThresholds { Report = report });

    [Fact]
    public void Problems_NoReport_OrAComplete_None()
    {
        Assert.Empty(Problems(new QualityReportSchedule()));
        Assert.Empty(Problems(new QualityReportSchedule { Schedule = "0 8 * * MON", ScheduleTimeZone = "Asia/Shanghai", Channel = "mail", Recipients = ["it@plant.test"] }));
        Assert.Empty(Problems(new QualityReportSchedule { Schedule = "0 8 * * MON", Channel = "robot" }));
    }

    [Fact]
    public void Problems_UnknownChannel_NamesTheChannels()
    {
        var error = Assert.Single(Problems(new QualityReportSchedule { Schedule = "0 8 * * MON", Channel = "fax", Recipients = ["it@plant.test"] }));

        Assert.Equal("Hub:Quality:Report:Channel is 'fax', but Hub:Notifications:Channels has no such channel (channels: mail, robot).", error);
    }

    [Fact]
    public void Problems_EverythingWrong_AllReported()
    {
        var errors = Problems(new QualityReportSchedule
        {
            Schedule = "0 2 31 2 *",
            ScheduleTimeZone = "../../etc/passwd",
            Channel = "mail",
            Recipients = ["it@plant.test\r\nBcc: all@evil.test", "not-an-address", new string('a', 10_000) + "@x.test"],
        });

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Hub:Quality:Report:ScheduleTimeZone '../../etc/passwd' is not a time zone id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Quality:Report:Schedule '0 2 31 2 *' ", StringComparison.Ordinal));
        Assert.Contains("Hub:Quality:Report:Recipients:0 is 'it@plant.test\\r\\nBcc: all@evil.test', not an e-mail address. Write one address per entry, such as it@plant.example.", errors);
        Assert.Contains(errors, e => e.StartsWith("Hub:Quality:Report:Recipients:1 is 'not-an-address', not an e-mail address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Quality:Report:Recipients:2 is 'aaaa", StringComparison.Ordinal) && e.Length < 300);
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
    }

    [Fact]
    public void Problems_MailWithoutRecipients_OrSettingsWithoutSchedule_Refused()
    {
        Assert.Equal(
            "Hub:Quality:Report:Recipients is empty, and channel 'mail' sends e-mail. List the addresses the report goes to, for example Hub:Quality:Report:Recipients:0=it@plant.example.",
            Assert.Single(Problems(new QualityReportSchedule { Schedule = "0 8 * * MON", Channel = "mail" })));
        Assert.StartsWith(
            "Hub:Quality:Report:Schedule is not set, but Hub:Quality:Report has a channel",
            Assert.Single(Problems(new QualityReportSchedule { Channel = "mail", Recipients = ["it@plant.test"] })), StringComparison.Ordinal);
    }
}
