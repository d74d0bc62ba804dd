using IntegrationHub.Adapters.Mqtt.Telemetry;

namespace IntegrationHub.Adapters.Mqtt.Tests.Telemetry;

public class TopicTemplateTests
{
    [Fact]
    public void Parse_Placeholders_BecomeSingleLevelWildcards()
    {
        var template = TopicTemplate.Parse("plant/{site}/{asset}/telemetry");

        Assert.Equal("plant/+/+/telemetry", template.Filter);
        Assert.Equal(["site", "asset"], template.Placeholders);
    }

    [Fact]
    public void TryMatch_MatchingTopic_ReadsPlaceholders()
    {
        var template = TopicTemplate.Parse("{site}/{line}/{asset}/{metric}");
        var values = new Dictionary<string, string?>();

        Assert.True(template.TryMatch("suzhou/L1/EQ-C001-01/temperature", values));

        Assert.Equal("suzhou", values["site"]);
        Assert.Equal("L1", values["line"]);
        Assert.Equal("EQ-C001-01", values["asset"]);
        Assert.Equal("temperature", values["metric"]);
    }

    [Theory]
    [InlineData("plant/s1/EQ-1/status")]
    [InlineData("plant/s1/EQ-1")]
    [InlineData("plant/s1/EQ-1/telemetry/extra")]
    [InlineData("Plant/s1/EQ-1/telemetry")]
    public void TryMatch_OtherTopics_DoNotMatch(string topic)
    {
        var values = new Dictionary<string, string?>();

        Assert.False(TopicTemplate.Parse("plant/{site}/{asset}/telemetry").TryMatch(topic, values));
        Assert.Empty(values);
    }

    [Fact]
    public void TryMatch_MultiLevelWildcard_MatchesParentAndDeeperLevels()
    {
        var template = TopicTemplate.Parse("devices/{asset}/#");
        var values = new Dictionary<string, string?>();

        Assert.Equal("devices/+/#", template.Filter);
        Assert.True(template.TryMatch("devices/EQ-9", values));
        Assert.True(template.TryMatch("devices/EQ-9/a/b", values));
        Assert.Equal("EQ-9", values["asset"]);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("plant/#/x", "last level")]
    [InlineData("plant/{asset}/{asset}", "twice")]
    [InlineData("plant/eq-{asset}", "whole level")]
    public void TryParse_Invalid_ExplainsWhy(string template, string expected)
    {
        Assert.Null(TopicTemplate.TryParse(template, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
