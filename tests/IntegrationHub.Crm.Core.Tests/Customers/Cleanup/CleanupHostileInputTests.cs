using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

/// <summary>Hostile text in a customer master: the normalisers neither throw nor let it decide a match (issue 23 item 7).</summary>
public sealed class CleanupHostileInputTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３精工机械有限公司", "abc123精工机械", null)]
    [InlineData("苏州精\u200B工机械有限\u200B公司", "精工机械", "苏州")]
    [InlineData("\uFEFF苏州精工机械\u200D有限公司\u200E", "精工机械", "苏州")]
    [InlineData("苏州精工\u0000机械\u001B有限公司\r\n", "精工机械", "苏州")]
    [InlineData("🚀苏州精工机械🔧有限公司", "精工机械", "苏州")]
    public void Normalize_HostileCharacters_AreDroppedFromTheCore(string name, string core, string? place)
    {
        var normalized = CompanyNameNormalizer.Normalize(name);

        Assert.Equal(core, normalized.Core);
        Assert.Equal(name, normalized.Original);
        if (place is not null)
        {
            Assert.Equal(place, normalized.Place);
        }
    }

    // Unpaired surrogates are built at run time: an attribute's string is stored as UTF-8, which turns them into U+FFFD.
    [Fact]
    public void Normalize_UnpairedSurrogates_NeitherThrowNorStayInTheCore()
    {
        var high = ((char)0xD83D).ToString();
        var low = ((char)0xDC00).ToString();

        Assert.Equal(("精工机械", "苏州"), Core("苏州" + high + "精工机械有限公司"));
        Assert.Equal(("精工机械", (string?)null), Core(low + "精工机械有限公司" + high));
        Assert.Equal("holds an unpaired surrogate (broken UTF-16)", PhoneNormalizer.Normalize("0512-6523" + high + "4567").Problem);
        Assert.Equal("holds an unpaired surrogate (broken UTF-16)", EmailNormalizer.Normalize("sales" + low + "@szjg.example.cn").Problem);
        Assert.NotNull(AddressNormalizer.Normalize("苏州市" + high + "星湖街328号").MatchKey);

        static (string, string?) Core(string name) => (CompanyNameNormalizer.Normalize(name).Core, CompanyNameNormalizer.Normalize(name).Place);
    }

    [Fact]
    public void Find_TenKilobyteNames_AreComparedWithoutKeysPerCharacter()
    {
        var huge = new string('精', 10_000) + "有限公司";
        var hugeLatin = string.Concat(Enumerable.Repeat("Acme ", 2_000)) + "GmbH";
        Customer[] customers =
        [
            new() { Code = "H1", Name = huge, Phone = "0512-65234567" },
            new() { Code = "H2", Name = huge, Phone = "+86 512 6523 4567" },
            new() { Code = "H3", Name = "精" + huge, Phone = "0510-82345678" },
            new() { Code = "H4", Name = hugeLatin },
            new() { Code = "H5", Name = hugeLatin.ToUpperInvariant() },
        ];

        var proposals = DuplicateFinder.Find(customers);

        Assert.Equal(10_000, CompanyNameNormalizer.Normalize(huge).Core.Length);
        var proposal = Assert.Single(proposals);
        Assert.Equal(("H1", "H2"), (proposal.KeepCode, proposal.DuplicateCode));
    }

    [Fact]
    public void Find_NamesWithNothingDistinctive_AreNeverProposed()
    {
        Assert.Empty(DuplicateFinder.Find(
        [
            new Customer { Code = "E1", Name = "（）——", Phone = "0512-65234567", Email = "a@b.example.cn" },
            new Customer { Code = "E2", Name = "\u200B\u0007", Phone = "0512-65234567", Email = "a@b.example.cn" },
        ]));
    }

    [Theory]
    [InlineData("0512-6523\u00004567", "holds a control character")]
    [InlineData("0512-6523\u001B4567", "holds a control character")]
    [InlineData("0512-65234567📞", "contains the character U+1F4DE")]
    public void PhoneNormalize_HostileCharacters_AreInvalidWithAReason(string phone, string problem)
    {
        var number = PhoneNormalizer.Normalize(phone);

        Assert.Equal((PhoneKind.Invalid, null, problem), (number.Kind, number.Normalized, number.Problem));
    }

    [Theory]
    [InlineData("０５１２－６５２３４５６７")]
    [InlineData("0512\u200B-6523\u200B4567")]
    public void PhoneNormalize_FullWidthDigitsAndZeroWidthSpaces_AreOneNumber(string phone)
        => Assert.Equal("+86 512 65234567", PhoneNormalizer.Normalize(phone).Normalized);

    [Fact]
    public void EmailNormalize_ZeroWidthSpaces_AreDropped()
        => Assert.Equal("sales@szjg.example.cn", EmailNormalizer.Normalize("sales\u200B＠SZJG.example.cn\u200B").Normalized);

    [Fact]
    public void AddressNormalize_ControlAndZeroWidthCharacters_DoNotChangeTheKey()
        => Assert.Equal(
            AddressNormalizer.Normalize("江苏省苏州市工业园区星湖街328号").MatchKey,
            AddressNormalizer.Normalize("215000 苏州市\u200B工业园区\u0000星湖街３２８号").MatchKey);
}
