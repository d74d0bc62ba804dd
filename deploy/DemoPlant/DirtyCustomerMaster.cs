using System.Globalization;
using System.Text;
using static IntegrationHub.DemoPlant.DirtyCustomerPools;

namespace IntegrationHub.DemoPlant;

/// <summary>One record of a dirty customer master, as an export would hold it.</summary>
internal sealed record DirtyCustomer(string Code, string Name, string Region, string? Email, string? Phone, string? Address, string? Notes);

/// <summary>
/// Two records of the master and what they are, known from how they were made: <see cref="Duplicate"/> pairs are one
/// company written twice; the others are hard cases that are two companies (branches, sister companies, namesakes).
/// </summary>
internal sealed record DirtyPair(string First, string Second, bool Duplicate, string Kind);

internal sealed record DirtyCustomerSet(IReadOnlyList<DirtyCustomer> Customers, IReadOnlyList<DirtyPair> Pairs);

/// <summary>
/// Makes a dirty customer master with its answer key (issue 23 item 7): companies written twice the way merged ERP and
/// CRM exports write them (legal-form variants, the city moved into brackets, phones and e-mail addresses in several
/// spellings, addresses with and without province and postcode, one character mistyped, characters spaced out), and
/// pairs that look alike but are two companies (the same trade name in another city, a record without a city against a
/// namesake, sister companies sharing a switchboard, branches, one character apart in one city). The answer key comes
/// from the making, never from a finder. The same seed and size give the same records.
/// </summary>
internal sealed partial class DirtyCustomerMaster
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Locals = ["sales", "purchase", "caigou", "info", "zhang.wei", "li.na", "wang.fang", "service", "liu.yang", "chen.jie"];
    private static readonly string[] DuplicateKinds =
        ["legal-form", "city-in-brackets", "spaced-characters", "one-character+phone", "one-character+email", "no-city+phone", "new-contacts-same-city", "dropped-word"];

    private readonly Random _random;
    private readonly Queue<string> _tradeNames;
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly List<(DirtyCustomer Record, int Group)> _records = [];
    private readonly List<(int First, int Second, bool Duplicate, string Kind)> _pairs = [];

    private DirtyCustomerMaster(int seed)
    {
        _random = new Random(seed);
        _tradeNames = new Queue<string>(TradeNames.OrderBy(_ => _random.Next()));
    }

    /// <summary>
    /// About <paramref name="size"/> records: 30% of the companies written twice, 12% hard non-duplicates, the rest
    /// written once (220 gives 65 duplicate pairs and 27 hard cases). Trade names are reused beyond the pool's size,
    /// with a number, so large masters stay free of accidental duplicates.
    /// </summary>
    public static DirtyCustomerSet Make(int size, int seed = 23)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 20);
        var maker = new DirtyCustomerMaster(seed);
        var duplicates = (int)Math.Round(size * 65 / 220.0);
        var hard = (int)Math.Round(size * 27 / 220.0);
        var singles = size - 2 * duplicates - hard;
        for (var i = 0; i < duplicates; i++)
        {
            maker.AddDuplicate(i);
        }

        var partners = new List<(Company Company, int Index)>();
        for (var i = 0; i < singles; i++)
        {
            var company = maker.NewCompany(foreign: i % 20 == 7);
            var index = maker.Add(company, maker.Spell(company, Style.LeadingCity, company.Legal), maker.Group());
            if (!company.Foreign)
            {
                partners.Add((company, index));
            }
        }

        for (var i = 0; i < hard; i++)
        {
            var (company, index) = partners[i % partners.Count];
            maker.AddHardCase(i, company, index);
        }

        maker.Spoil(partners.Skip(hard).Select(p => p.Index).ToList());
        return maker.Result();
    }

    private void AddDuplicate(int i)
    {
        var kind = DuplicateKinds[i % DuplicateKinds.Length];
        var foreign = i % 10 == 9;
        var company = NewCompany(foreign, needsHomophone: kind.StartsWith("one-character", StringComparison.Ordinal), needsLongTrade: kind == "dropped-word");
        var group = Group();
        var first = Add(company, Spell(company, Style.LeadingCity, company.Legal), group);
        // Past the dozen Latin names of the pool, a foreign slot gets a Chinese company.
        var second = company.Foreign ? AddForeignVariant(company, group) : AddVariant(company, kind, group);
        _pairs.Add((first, second, true, company.Foreign ? "foreign-name-variant" : kind));
    }

    private int AddVariant(Company c, string kind, int group)
    {
        var city = Cities[c.City];
        switch (kind)
        {
            case "legal-form":
                var legal = Pick(["有限责任公司", "股份有限公司", "（集团）有限公司", "有限公司"]);
                var style = legal == "有限公司" ? Style.LeadingCityShi : Pick([Style.LeadingCity, Style.LeadingCityShi]);
                return AddRecord(Spell(c, style, legal), c, PhoneSpelling(c.Phone), Maybe(EmailSpelling(c.Email)), Maybe(Address(c, province: false, postcode: true)), group);
            case "city-in-brackets":
                return AddRecord(Spell(c, Style.Bracket, Pick(["有限公司", "有限责任公司"])), c, Maybe(PhoneSpelling(c.Phone)), EmailSpelling(c.Email), Address(c, province: true, postcode: false), group);
            case "spaced-characters":
                var spaced = string.Join(Pick([" ", " ", "\u3000"]), Spell(c, Style.LeadingCity, c.Legal).ToCharArray());
                return AddRecord(spaced, c, PhoneSpelling(c.Phone), null, Address(c, province: _random.Next(2) == 0, postcode: _random.Next(2) == 0), group);
            case "one-character+phone":
                return AddRecord(Spell(c with { Trade = Mistype(c.Trade) }, Pick([Style.LeadingCity, Style.Bracket]), c.Legal), c,
                    PhoneSpelling(c.Phone), Maybe($"{Pick(Locals)}.{_random.Next(10, 99)}@{Pick(PublicMail)}"), null, group);
            case "one-character+email":
                return AddRecord(Spell(c with { Trade = Mistype(c.Trade) }, Pick([Style.LeadingCity, Style.NoCity]), c.Legal), c,
                    Maybe(OtherPhone(c)), EmailSpelling(c.Email), null, group);
            case "no-city+phone":
                return AddRecord(Spell(c, Style.NoCity, Pick(["有限公司", "有限责任公司"])), c, PhoneSpelling(c.Phone), null, null, group);
            case "new-contacts-same-city":
                // Another buyer, another line: only the registered name and the city say it is the same company.
                return AddRecord(Spell(c, Style.LeadingCityShi, c.Legal), c, OtherPhone(c),
                    $"{Pick(Locals)}{_random.Next(1, 9)}@{c.Domain ?? Pick(PublicMail)}", $"{city.City}市{c.Street}", group);
            default: // dropped-word: 科达精密模具 written 科达模具, with the buyer's e-mail and the address
                var shorter = c with { Word = c.Word[^2..] };
                return AddRecord(Spell(shorter, Pick([Style.Bracket, Style.LeadingCity]), c.Legal), c, null, EmailSpelling(c.Email), Address(c, province: false, postcode: false), group);
        }
    }

    private int AddForeignVariant(Company c, int group)
    {
        var name = c.ForeignName! + " " + c.Legal;
        var variant = _random.Next(4) switch
        {
            0 => name.ToUpperInvariant(),
            1 => FullWidth(c.ForeignName!) + " " + c.Legal,
            2 => c.ForeignName + (c.Legal == "Co., Ltd." ? " Company Limited" : c.Legal == "GmbH" ? " GMBH" : " " + c.Legal.TrimEnd('.')),
            _ => c.ForeignName!.Replace(" ", "  ", StringComparison.Ordinal) + ", " + c.Legal,
        };
        return AddRecord(variant, c, Maybe(PhoneSpelling(c.Phone)), EmailSpelling(c.Email), null, group);
    }

    private void AddHardCase(int i, Company partner, int partnerIndex)
    {
        var kind = (i % 6) switch
        {
            0 or 1 => "same-name-other-city",
            2 => "same-name-no-city",
            3 => "switchboard-sister",
            4 => "branch",
            _ => "one-character-same-city",
        };
        var other = NewCompany(foreign: false, inCity: partner.City, named: kind == "switchboard-sister" && i % 12 >= 6);
        var elsewhere = NewCompany(foreign: false, inCity: (partner.City + 1 + _random.Next(Cities.Length - 1)) % Cities.Length, named: false);
        var index = kind switch
        {
            "same-name-other-city" => Add(elsewhere with { Trade = partner.Trade, Word = partner.Word }, Spell(elsewhere with { Trade = partner.Trade, Word = partner.Word }, Pick([Style.LeadingCity, Style.Bracket]), partner.Legal), Group()),
            // The record without a city of the issue (明辉照明有限公司): a namesake whose contacts all differ.
            "same-name-no-city" => AddRecord(Spell(partner, Style.NoCity, partner.Legal), elsewhere, elsewhere.Phone, elsewhere.Email, null, Group()),
            // Another company in the same building, reached through the same switchboard.
            "switchboard-sister" => AddRecord(
                Spell(partner with { Word = OtherWord(partner.Word), Trade = i % 12 < 6 ? partner.Trade : other.Trade }, Style.LeadingCity, partner.Legal), partner,
                PhoneSpelling(partner.Phone), $"{Pick(Locals)}@{partner.Domain ?? other.Domain ?? "sister.example.cn"}", Address(partner, province: true, postcode: false), Group()),
            "branch" => AddRecord(Spell(elsewhere with { Trade = partner.Trade, Word = partner.Word }, Style.Bracket, partner.Legal), elsewhere,
                elsewhere.Phone, partner.Domain is null ? elsewhere.Email : $"{Pick(Locals)}.{Cities[elsewhere.City].AreaCode[1..]}@{partner.Domain}", Address(elsewhere, true, true), Group()),
            _ => AddRecord(Spell(partner with { Trade = Mistype(partner.Trade) }, Style.LeadingCity, partner.Legal), other,
                OtherPhone(partner), $"{_random.Next(10_000_000, 99_999_999)}@{Pick(PublicMail)}", Address(other, true, true), Group()),
        };
        _pairs.Add((partnerIndex, index, false, kind));
    }

    private int Add(Company c, string name, int group) =>
        AddRecord(name, c, PhoneSpelling(c.Phone), EmailSpelling(c.Email), c.Foreign ? c.Street : Address(c, province: true, postcode: _random.Next(3) > 0), group);

    private int AddRecord(string name, Company c, string? phone, string? email, string? address, int group)
    {
        var notes = _random.Next(6) == 0 ? Pick(["月结60天", "联系王经理", "2019年起VIP", "发票寄财务部", "只收顺丰"]) : null;
        _records.Add((new DirtyCustomer(string.Empty, name, c.Region, email, phone, address, notes), group));
        return _records.Count - 1;
    }

    // Bad phones and misspelt providers on companies written once, for the data-quality report to count.
    private void Spoil(List<int> singles)
    {
        for (var i = 0; i < singles.Count; i += 9)
        {
            var (record, group) = _records[singles[i]];
            _records[singles[i]] = ((i / 9 % 2 == 0
                ? record with { Phone = Pick(["0512-6523", "电话待补", "123456789012345", "021-6234 5678 / 13800000000"]) }
                : record with { Email = record.Email?.Replace(".com", ".con", StringComparison.Ordinal).Replace(".cn", ".cm", StringComparison.Ordinal) }), group);
        }
    }

    private DirtyCustomerSet Result()
    {
        // Shuffled, so that the two records of a company are not neighbours, then numbered.
        var order = Enumerable.Range(0, _records.Count).OrderBy(_ => _random.Next()).ToList();
        var codes = new string[_records.Count];
        for (var n = 0; n < order.Count; n++)
        {
            codes[order[n]] = string.Create(Invariant, $"D{n + 1:00000}");
        }

        var customers = order.Select(i => _records[i].Record with { Code = codes[i] }).ToList();
        var pairs = _pairs.Select(p => new DirtyPair(codes[p.First], codes[p.Second], p.Duplicate, p.Kind))
            .OrderBy(p => p.First, StringComparer.Ordinal).ToList();
        return new DirtyCustomerSet(customers, pairs);
    }

    private int Group() => _pairs.Count;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private string? Maybe(string? value) => _random.Next(3) == 0 ? null : value;

    private static string FullWidth(string text) =>
        string.Concat(text.Select(ch => ch is >= '!' and <= '~' ? (char)(ch + 0xFEE0) : ch == ' ' ? '\u3000' : ch));

    private static string OtherWord(string word) => Trades.First(t => t[^2..] != word[^2..] && t[0] != word[0]);
}
