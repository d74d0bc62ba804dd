using IntegrationHub.Hub.Host.Surveys;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>Review of session 24, item 6: the desk's outbox listing never shows a survey link's token.</summary>
public sealed class SurveyLinkRedactionTests
{
    [Fact]
    public void Redact_TextAndHtmlBodies_TokensWithheld_RestKept()
    {
        const string token = "CfDJ8Abc-def_0123456789xyzXYZ";
        var body = $"Rate our visit: https://service.example.com/portal/survey.html#{token}\n<a href=\"/portal/survey.html#{token}\">survey</a> T-0001";

        var redacted = SurveyLinkRedaction.Redact(body);

        Assert.DoesNotContain(token, redacted, StringComparison.Ordinal);
        Assert.Equal(
            $"Rate our visit: https://service.example.com/portal/survey.html#{SurveyLinkRedaction.Withheld}\n<a href=\"/portal/survey.html#{SurveyLinkRedaction.Withheld}\">survey</a> T-0001",
            redacted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ticket T-0001 resolved. https://service.example.com/portal/#/orders/SO-1")]
    [InlineData("/portal/survey.html without a token")]
    public void Redact_NoSurveyLink_Unchanged(string body) => Assert.Equal(body, SurveyLinkRedaction.Redact(body));
}
