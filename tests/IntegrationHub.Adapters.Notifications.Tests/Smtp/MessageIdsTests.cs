using IntegrationHub.Adapters.Notifications.Smtp;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>
/// Issue 18 item 3: an outbox message's Message-ID is a function of its id and the sender's domain, so every attempt
/// on every node writes the same one; nothing that could end the header or the msg-id gets into it.
/// </summary>
public sealed class MessageIdsTests
{
    private const string Key = "3f2b8c0d9e1a4b5c8d7e6f5a4b3c2d1e";

    [Fact]
    public void Create_SameKeyTwice_SameId_OtherKeyOrDomain_OtherId()
    {
        var first = MessageIds.Create(Key, "service@hub.example", out var problem);
        Assert.Null(problem);

        Assert.Equal("outbox." + Key + "@hub.example", first);
        Assert.Equal(first, MessageIds.Create(Key, "service@hub.example", out _));
        // Another sender at the same site: the same message, the same id (the domain is the site's).
        Assert.Equal(first, MessageIds.Create(Key, "alerts@hub.example", out _));
        Assert.NotEqual(first, MessageIds.Create("4f2b8c0d9e1a4b5c8d7e6f5a4b3c2d1e", "service@hub.example", out _));
        Assert.NotEqual(first, MessageIds.Create(Key, "service@other-site.example", out _));
    }

    [Theory]
    [InlineData("m1>", "'>' at position 3")]
    [InlineData("m1>\r\nBcc: evil@x.example", "'>' at position 3")]
    [InlineData("m1\r\nBcc: evil@x.example", "U+000D at position 3")]
    [InlineData("m1\u0085", "U+0085 at position 3")]
    [InlineData("m 1", "' ' at position 2")]
    [InlineData("m1@evil.example", "'@' at position 3")]
    [InlineData("<m1", "'<' at position 1")]
    [InlineData("ü1", "'ü' at position 1")]
    [InlineData("", "is empty")]
    [InlineData(".m1", "leading, trailing or double dot")]
    [InlineData("m..1", "leading, trailing or double dot")]
    public void Create_HostileKey_RefusedNamingTheIdAndWhere(string key, string expected)
    {
        Assert.Null(MessageIds.Create(key, "service@hub.example", out var problem));

        Assert.NotNull(problem);
        Assert.Contains("the message's id", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("Message-ID", problem, StringComparison.Ordinal);
        // Shown escaped: the error itself is one line.
        Assert.DoesNotContain('\r', problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Create_KeyLongerThanTheLimit_Refused()
    {
        Assert.Null(MessageIds.Create(new string('a', MessageIds.MaxKeyLength + 1), "service@hub.example", out var problem));

        Assert.Contains($"is {MessageIds.MaxKeyLength + 1} characters long", problem, StringComparison.Ordinal);
        Assert.NotNull(MessageIds.Create(new string('a', MessageIds.MaxKeyLength), "service@hub.example", out _));
    }

    [Theory]
    [InlineData("service@hub>.example", "'>' at position 4")]
    [InlineData("service@hub\r\n.example", "U+000D at position 4")]
    [InlineData("service@", "is empty")]
    public void Create_HostileDomain_RefusedNamingTheDomain(string from, string expected)
    {
        Assert.Null(MessageIds.Create(Key, from, out var problem));

        Assert.Contains("the sender's domain", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
