using System.Text;
using IntegrationHub.Hub.Host.Surveys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IntegrationHub.Hub.Host.Tests.Surveys;

/// <summary>A survey token reads back only as this key ring sealed it; every tampered form reads as nothing.</summary>
public sealed class SurveyLinksTests
{
    private readonly EphemeralDataProtectionProvider _keys = new();

    [Fact]
    public void Issue_ReadsBackItsTicketAndHash_AndEachTokenIsNew()
    {
        var links = new SurveyLinks(_keys);
        var (token, hash) = links.Issue("T-2026-000001");
        var (other, otherHash) = links.Issue("T-2026-000001");

        Assert.Equal((hash, "T-2026-000001"), links.Read(token));
        Assert.NotEqual(token, other);
        Assert.NotEqual(hash, otherHash);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.Equal("https://service.test/portal/survey.html#abc", SurveyLinks.Link("https://service.test/", "abc"));
        Assert.Equal("/portal/survey.html#abc", SurveyLinks.Link(null, "abc"));
    }

    [Fact]
    public void Read_TamperedTokens_ReadAsNothing()
    {
        var links = new SurveyLinks(_keys);
        var (token, _) = links.Issue("T-2026-000001");
        var (second, _) = links.Issue("T-2026-000002");
        var flipped = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];

        Assert.Null(links.Read(flipped));
        Assert.Null(links.Read(token[..^4]));
        Assert.Null(links.Read(token[..(token.Length / 2)] + second[(second.Length / 2)..]));
        Assert.Null(links.Read(string.Concat(Enumerable.Repeat(token, 50))));
        Assert.Null(links.Read("\u0000" + token));
        // The decoder skips white space: a token with a line break or a space is refused before it is decoded.
        Assert.Null(links.Read(token + "\r\n"));
        Assert.Null(links.Read(" " + token));
        Assert.Null(links.Read(token[..10] + "\t" + token[10..]));
        Assert.Null(links.Read(""));
        Assert.Null(links.Read(null));
        // Sealed by another key ring (another hub), or for another purpose (a CRM cursor) of this one.
        Assert.Null(new SurveyLinks(new EphemeralDataProtectionProvider()).Read(token));
        var cursor = WebEncoders.Base64UrlEncode(_keys.CreateProtector("IntegrationHub.Crm.FeedCursor.v1").Protect(Encoding.UTF8.GetBytes("0123456789abcdefT-1")));
        Assert.Null(links.Read(cursor));
    }
}
