namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Province and city names as company names and addresses write them, with or without 省/市. Used to tell the place
/// of a record (a leading city, a city in brackets, the city of its address) from the distinctive part of its name.
/// </summary>
public static class ChinesePlaces
{
    /// <summary>Provinces and autonomous regions; the four municipalities are cities (<see cref="Cities"/>).</summary>
    private static readonly string[] Provinces =
    [
        "黑龙江", "内蒙古", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东",
        "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "广西", "西藏", "宁夏", "新疆",
    ];

    /// <summary>Cities that registered names and addresses often start with, without the 市; with 市 any city is recognised.</summary>
    public static readonly string[] Cities =
    [
        "北京", "上海", "天津", "重庆", "深圳", "广州", "苏州", "无锡", "常州", "昆山", "南京", "杭州", "宁波", "温州", "台州", "嘉兴",
        "青岛", "济南", "厦门", "福州", "东莞", "佛山", "中山", "成都", "武汉", "长沙", "郑州", "西安", "合肥", "大连", "沈阳",
        "珠海", "惠州", "绍兴", "金华", "烟台", "潍坊", "石家庄", "太原", "南昌", "昆明", "贵阳", "南宁", "哈尔滨", "长春", "扬州",
        "南通", "泉州", "芜湖", "徐州", "江阴", "张家港", "义乌", "慈溪", "余姚",
    ];

    /// <summary>The length of a province at the start of <paramref name="text"/> (江苏省, 江苏, 广西壮族自治区), or 0.</summary>
    public static int ProvinceLength(ReadOnlySpan<char> text)
    {
        foreach (var province in Provinces)
        {
            if (text.StartsWith(province, StringComparison.Ordinal))
            {
                var rest = text[province.Length..];
                return province.Length + (rest.StartsWith("省", StringComparison.Ordinal) ? 1
                    : rest.StartsWith("维吾尔自治区", StringComparison.Ordinal) ? 6
                    : rest.StartsWith("壮族自治区", StringComparison.Ordinal) || rest.StartsWith("回族自治区", StringComparison.Ordinal) ? 5
                    : rest.StartsWith("自治区", StringComparison.Ordinal) ? 3 : 0);
            }
        }

        return 0;
    }

    /// <summary>
    /// The city at the start of <paramref name="text"/> without its 市 (苏州 for 苏州市工业园区..., 苏州 for 苏州工业园区...), and how many
    /// characters it takes (with the 市), or null. A name of two to four Han characters before 市, or a city of <see cref="Cities"/>.
    /// </summary>
    public static string? CityAt(ReadOnlySpan<char> text, out int length)
    {
        for (var n = 2; n <= 4 && n < text.Length; n++)
        {
            if (text[n] == '市' && IsHan(text[..n]))
            {
                length = n + 1;
                return text[..n].ToString();
            }
        }

        foreach (var city in Cities)
        {
            if (text.StartsWith(city, StringComparison.Ordinal))
            {
                length = city.Length;
                return city;
            }
        }

        length = 0;
        return null;
    }

    /// <summary>Whether <paramref name="text"/> names a city (苏州, 苏州市), for a qualifier in brackets.</summary>
    public static string? AsCity(string text)
    {
        var city = text.EndsWith('市') ? text[..^1] : text;
        return city.Length >= 2 && (Cities.Contains(city) || (text.EndsWith('市') && city.Length <= 4 && IsHan(city))) ? city : null;
    }

    private static bool IsHan(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '\u4E00' or > '\u9FFF')
            {
                return false;
            }
        }

        return true;
    }
}
