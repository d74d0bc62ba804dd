using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>Review of session 24, item 7: the anonymous survey endpoints have the portal's request limit, as their siblings do.</summary>
public sealed class SurveyRateLimitTests
{
    // Enough that a fixed one-minute window turning over between requests cannot hide the limit of 3.
    private const int Attempts = 12;

    [Theory]
    [InlineData("/api/portal/survey/open")]
    [InlineData("/api/portal/survey/answer")]
    public async Task Survey_ManyRequestsFromOneClient_Answered429WithRetryAfter(string path)
    {
        // The failed-link throttle (which also answers 429) is set out of reach: only the request limit can answer 429 here.
        await using var hub = await TestHub.StartAsync("--Hub:Portal:RequestsPerMinutePerToken=3", "--Hub:Portal:FailedAttemptsPerMinutePerAddress=1000");

        HttpResponseMessage? limited = null;
        for (var attempt = 0; attempt < Attempts && limited is null; attempt++)
        {
            // No token: refused as malformed (400) or as an unknown link (404) while the limit lets it through.
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await hub.Client.PostAsync(path, content);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{response.StatusCode}");
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After on the 429");
            var error = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("too_many_requests", error.GetProperty("error").GetString());
            Assert.StartsWith("Too many requests; try again in", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }
}
