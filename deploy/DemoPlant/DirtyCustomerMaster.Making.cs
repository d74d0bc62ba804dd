using static IntegrationHub.DemoPlant.DirtyCustomerPools;

namespace IntegrationHub.DemoPlant;

/// <summary>How the companies and their spellings are made.</summary>
internal sealed partial class DirtyCustomerMaster
{
    private static readonly string[] LongTrades = [.. Trades.Where(t => t.Length >= 4)];
    private int _foreign;

    private enum Style
    {
        LeadingCity,
        LeadingCityShi,
        Bracket,
        NoCity,
    }

    /// <summary>A company as it really is; the records are spellings of it.</summary>
    private sealed record Company(
        string Trade, string Word, int City, string Legal, string Phone, string Email, string? Domain, string Street, string Postcode,
        string Region, bool Foreign, string? ForeignName);

    private Company NewCompany(bool foreign, bool needsHomophone = false, bool needsLongTrade = false, int? inCity = null, bool named = true)
    {
        var city = inCity ?? _random.Next(Cities.Length);
        var street = $"{Pick(Cities[city].Districts)}{Pick(Roads)}{_random.Next(1, 999)}号";
        var postcode = Cities[city].Postcode + _random.Next(10, 99).ToString(Invariant);
        if (foreign && _foreign < Foreign.Length)
        {
            var (name, legal, domain) = Foreign[_foreign++];
            var agent = $"139{_random.Next(10_000_000, 99_999_999)}";
            return new Company(string.Empty, string.Empty, city, legal, agent, $"{Pick(Locals)}@{domain}", domain,
                $"{_random.Next(1, 200)} {name.Split(' ')[0]} Street, {domain.Split('.')[^1].ToUpperInvariant()}", string.Empty,
                domain.EndsWith(".de", StringComparison.Ordinal) || domain.EndsWith(".se", StringComparison.Ordinal) ? "EU" : "APAC", true, name);
        }

        // A company whose records borrow another's name takes no trade name of its own from the pool.
        var trade = named ? NextTrade(needsHomophone) : string.Empty;
        var word = needsLongTrade ? Pick(LongTrades) : Pick(Trades);
        var phone = _random.Next(10) < 7
            ? $"{Cities[city].AreaCode}-{_random.Next(2, 9)}{_random.Next(1_000_000, 9_999_999)}"
            : $"1{Pick(new[] { '3', '5', '8', '9' })}{_random.Next(100_000_000, 999_999_999)}";
        string? companyDomain = _random.Next(20) < 13 ? $"{Letters(_random.Next(4, 8))}.example.cn" : null;
        var email = companyDomain is null ? $"{_random.Next(10_000_000, 999_999_999)}@{Pick(PublicMail)}" : $"{Pick(Locals)}@{companyDomain}";
        var region = Cities[city].City switch
        {
            "深圳" or "东莞" => "华南",
            "青岛" => "华北",
            "成都" => "西南",
            "武汉" => "华中",
            _ => "华东",
        };
        return new Company(trade, word, city, Pick(["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]), phone, email, companyDomain,
            street, postcode, region, false, null);
    }

    private string NextTrade(bool needsHomophone)
    {
        for (var tries = 0; ; tries++)
        {
            if (_tradeNames.Count == 0)
            {
                // Past the pool, four-character names made of two, still one company each.
                foreach (var combined in TradeNames.SelectMany(a => TradeNames.Where(b => b != a).Select(b => a + b)).OrderBy(_ => _random.Next()).Take(4000))
                {
                    _tradeNames.Enqueue(combined);
                }
            }

            var trade = _tradeNames.Dequeue();
            if (_usedNames.Contains(trade))
            {
                continue;
            }

            if (needsHomophone && !trade.Any(Homophones.ContainsKey) && tries < 50)
            {
                _tradeNames.Enqueue(trade);
                continue;
            }

            _usedNames.Add(trade);
            return trade;
        }
    }

    /// <summary>One character of the trade name replaced by one that sounds the same (精工 → 精功), never giving a name in use.</summary>
    private string Mistype(string trade)
    {
        foreach (var position in Enumerable.Range(0, trade.Length).OrderBy(_ => _random.Next()))
        {
            if (Homophones.TryGetValue(trade[position], out var slip))
            {
                var typed = string.Concat(trade.AsSpan(0, position), slip.ToString(), trade.AsSpan(position + 1));
                if (!TradeNames.Contains(typed) && _usedNames.Add(typed))
                {
                    return typed;
                }
            }
        }

        foreach (var slip in "鑫淼森磊焱垚")
        {
            var typed = trade[..^1] + slip;
            if (!TradeNames.Contains(typed) && _usedNames.Add(typed))
            {
                return typed;
            }
        }

        throw new InvalidOperationException($"No free misspelling of {trade}.");
    }

    private string Spell(Company c, Style style, string legal)
    {
        if (c.Foreign)
        {
            return c.ForeignName + " " + c.Legal;
        }

        var city = Cities[c.City].City;
        return style switch
        {
            Style.LeadingCity => $"{city}{c.Trade}{c.Word}{legal}",
            Style.LeadingCityShi => $"{city}市{c.Trade}{c.Word}{legal}",
            Style.Bracket => $"{c.Trade}{c.Word}（{city}）{legal.Replace("（集团）", string.Empty, StringComparison.Ordinal)}",
            _ => $"{c.Trade}{c.Word}{legal}",
        };
    }

    /// <summary>One of the ways exports write a number: with a dash, internationally, in brackets, with 0086, bare, full width.</summary>
    private string PhoneSpelling(string phone)
    {
        if (phone.Contains('-', StringComparison.Ordinal))
        {
            var area = phone[..phone.IndexOf('-', StringComparison.Ordinal)];
            var number = phone[(area.Length + 1)..];
            return _random.Next(6) switch
            {
                0 => phone,
                1 => $"+86 {area[1..]} {number[..4]} {number[4..]}",
                2 => $"({area}){number}",
                3 => $"0086-{area[1..]}-{number}",
                4 => area + number,
                _ => FullWidth(phone),
            };
        }

        return _random.Next(5) switch
        {
            0 => phone,
            1 => $"+86 {phone[..3]} {phone[3..7]} {phone[7..]}",
            2 => $"{phone[..3]}-{phone[3..7]}-{phone[7..]}",
            3 => "0086 " + phone,
            _ => FullWidth(phone),
        };
    }

    /// <summary>One of the ways people type an address: as is, full-width ＠, mailto:, upper case, with spaces around.</summary>
    private string EmailSpelling(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return _random.Next(6) switch
        {
            0 => email,
            1 => email.Replace("@", "＠", StringComparison.Ordinal),
            2 => "mailto:" + email,
            3 => email.ToUpperInvariant(),
            4 => email[..at] + "@" + email[(at + 1)..].ToUpperInvariant(),
            _ => " " + email + " ",
        };
    }

    private string OtherPhone(Company c) => _random.Next(2) == 0
        ? $"{Cities[c.City].AreaCode}-{_random.Next(2, 9)}{_random.Next(1_000_000, 9_999_999)}"
        : $"13{_random.Next(0, 9)}{_random.Next(10_000_000, 99_999_999)}";

    private static string Address(Company c, bool province, bool postcode)
    {
        if (c.Foreign)
        {
            return c.Street;
        }

        var city = Cities[c.City];
        var provinceText = province && city.Province is { } p ? p + "省" : string.Empty;
        return $"{(postcode ? c.Postcode + " " : string.Empty)}{provinceText}{city.City}市{c.Street}";
    }

    private string Letters(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('a' + _random.Next(26))));
}
