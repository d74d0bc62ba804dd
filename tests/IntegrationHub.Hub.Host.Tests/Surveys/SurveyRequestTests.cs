using System.Text.Json;
using IntegrationHub.Hub.Host.Surveys;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>Hostile survey answers are refused field by field, each problem naming the field, what was found and what is allowed.</summary>
public sealed class SurveyRequestTests
{
    [Theory]
    [InlineData("""{"token":"t","rating":0,"score":5}""", "rating is 0;")]
    [InlineData("""{"token":"t","rating":6,"score":5}""", "rating is 6;")]
    [InlineData("""{"token":"t","rating":3,"score":-1}""", "score is -1;")]
    [InlineData("""{"token":"t","rating":3,"score":11}""", "score is 11;")]
    [InlineData("""{"token":"t","rating":"5","score":5}""", "rating must be a whole number from 1 to 5 (found a string)")]
    [InlineData("""{"token":"t","rating":4.5,"score":5}""", "rating must be a whole number from 1 to 5")]
    [InlineData("""{"token":"t","rating":99999999999,"score":5}""", "rating must be a whole number from 1 to 5")]
    [InlineData("""{"token":"t","rating":[5],"score":5}""", "(found a list)")]
    [InlineData("""{"token":"t","score":5}""", "rating is missing")]
    [InlineData("""{"token":7,"rating":5,"score":5}""", "token must be a string")]
    [InlineData("""{"token":"t","rating":5,"score":5,"comment":{"html":"<b>"}}""", "comment must be a string (found an object)")]
    [InlineData("""{"token":"t","rating":5,"score":5,"comment":"fine\u0000then"}""", "comment has a control character (U+0000) at position 5")]
    [InlineData("""{"token":"t","rating":5,"score":5,"comment":"ok\u001b[31m"}""", "(U+001B) at position 3")]
    [InlineData("""[1,2]""", "The body must be a JSON object.")]
    public void ReadAnswer_Hostile_IsRefusedWithTheFieldNamed(string json, string expected)
    {
        var (request, problem) = SurveyRequest.ReadAnswer(JsonDocument.Parse(json).RootElement);

        Assert.Null(request);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAnswer_EveryProblemAtOnce()
    {
        var (_, problem) = SurveyRequest.ReadAnswer(JsonDocument.Parse("""{"rating":0,"score":11}""").RootElement);

        Assert.Contains("rating is 0", problem, StringComparison.Ordinal);
        Assert.Contains("score is 11", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAnswer_ACommentOf100KB_IsRefusedWithItsLength()
    {
        var json = JsonSerializer.Serialize(new { token = "t", rating = 5, score = 9, comment = new string('x', 100 * 1024) });

        var (request, problem) = SurveyRequest.ReadAnswer(JsonDocument.Parse(json).RootElement);

        Assert.Null(request);
        Assert.Equal($"comment is {100 * 1024} characters; the limit is {SurveyRequest.MaxCommentLength}.", problem);
    }

    [Fact]
    public void ReadAnswer_Valid_KeepsHtmlAndLineBreaksAsText_AndDropsABlankComment()
    {
        var (request, _) = SurveyRequest.ReadAnswer(JsonDocument.Parse("""{"token":"t","rating":1,"score":0,"comment":" <script>x</script>\nline 2\t "}""").RootElement);
        var (blank, _) = SurveyRequest.ReadAnswer(JsonDocument.Parse("""{"token":"t","rating":5,"score":10,"comment":"   "}""").RootElement);

        Assert.Equal(new SurveyAnswer(1, 0, "<script>x</script>\nline 2"), request!.Answer);
        Assert.Equal("t", request.Token);
        Assert.Equal(new SurveyAnswer(5, 10, null), blank!.Answer);
    }
}
