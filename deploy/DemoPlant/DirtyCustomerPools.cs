namespace IntegrationHub.DemoPlant;

/// <summary>The words a dirty customer master is made of: cities, trade names, trades, and the slips people make.</summary>
internal static class DirtyCustomerPools
{
    /// <summary>A city with its province (null for a municipality), trunk area code, postcode prefix and districts.</summary>
    public static readonly (string City, string? Province, string AreaCode, string Postcode, string[] Districts)[] Cities =
    [
        ("苏州", "江苏", "0512", "2150", ["工业园区", "吴中区", "相城区"]),
        ("无锡", "江苏", "0510", "2140", ["新吴区", "滨湖区"]),
        ("常州", "江苏", "0519", "2130", ["武进区", "新北区"]),
        ("杭州", "浙江", "0571", "3100", ["余杭区", "萧山区", "滨江区"]),
        ("宁波", "浙江", "0574", "3150", ["北仑区", "鄞州区"]),
        ("温州", "浙江", "0577", "3250", ["瓯海区", "龙湾区"]),
        ("上海", null, "021", "2010", ["嘉定区", "松江区", "闵行区"]),
        ("深圳", "广东", "0755", "5181", ["宝安区", "龙岗区"]),
        ("东莞", "广东", "0769", "5230", ["长安镇", "松山湖"]),
        ("青岛", "山东", "0532", "2661", ["黄岛区", "城阳区"]),
        ("成都", "四川", "028", "6100", ["郫都区", "双流区"]),
        ("武汉", "湖北", "027", "4300", ["东西湖区", "汉阳区"]),
    ];

    /// <summary>Two-character trade names (字号), each used by at most one company unless a hard case says otherwise.</summary>
    public static readonly string[] TradeNames =
    [
        "精工", "三友", "海川", "明辉", "恒达", "华达", "鑫盛", "瑞丰", "天和", "博远", "蓉信", "长江", "滨海", "金鹰", "宏图",
        "永信", "德力", "晨光", "新华", "东方", "凯达", "中天", "正泰", "环球", "伟业", "盛世", "安捷", "力拓", "汇通", "远航",
        "华美", "立信", "康达", "佳禾", "同创", "联丰", "振华", "嘉诚", "隆盛", "万通", "海诺", "科达", "顺发", "兴业", "丰源",
        "华盛", "宝利", "金达", "天成", "亚泰", "鸿运", "双星", "银河", "北斗", "群英", "力源", "信德", "宏达", "捷锐", "恒信",
        "九洲", "鼎力", "通用", "大洋", "祥和", "欣荣", "卓越", "精诚", "创新", "昌盛", "荣昌", "福源", "巨能", "永兴", "海鹰",
        "天马", "金鼎", "华科", "中联", "利华", "广源", "长城", "泰山", "红星", "春晖", "绿源", "蓝天", "白云", "金桥", "新星",
        "启明", "恒丰", "瑞祥", "和盛", "永泰", "嘉华", "宏业", "凯旋", "万达", "华联", "金泰", "瑞达", "鸿达", "天润", "国泰",
        "新力", "协力", "合众", "众诚", "百川", "千禾", "万丰", "飞达", "腾飞", "东升", "旭日", "朝阳", "明达", "光华", "志成",
    ];

    /// <summary>What the companies make; the distinctive part after the trade name.</summary>
    public static readonly string[] Trades =
    [
        "机械", "精密模具", "自动化设备", "电子", "液压", "仪表", "照明", "塑料制品", "五金", "传动科技", "电气", "包装机械",
        "环保设备", "新材料", "阀门", "轴承", "泵业", "线缆", "精密铸造", "数控设备",
    ];

    /// <summary>Characters one slip of the input method away (same pinyin), for the one-character misspellings.</summary>
    public static readonly Dictionary<char, char> Homophones = new()
    {
        ['工'] = '功', ['友'] = '有', ['川'] = '船', ['辉'] = '晖', ['达'] = '大', ['盛'] = '胜', ['丰'] = '峰', ['和'] = '合',
        ['远'] = '源', ['信'] = '新', ['华'] = '化', ['通'] = '同', ['力'] = '立', ['光'] = '广', ['明'] = '鸣', ['诚'] = '成',
        ['隆'] = '龙', ['源'] = '元', ['利'] = '力', ['泰'] = '太', ['业'] = '叶', ['鹰'] = '英', ['图'] = '途', ['德'] = '得',
        ['凯'] = '恺', ['拓'] = '托', ['航'] = '杭', ['晨'] = '辰', ['天'] = '田', ['金'] = '津', ['宏'] = '鸿', ['永'] = '咏',
        ['新'] = '欣', ['东'] = '冬', ['中'] = '忠', ['环'] = '寰', ['伟'] = '玮', ['世'] = '士', ['安'] = '按', ['汇'] = '惠',
    };

    /// <summary>Latin company names for the export's foreign customers: (name words, legal form, domain).</summary>
    public static readonly (string Name, string Legal, string Domain)[] Foreign =
    [
        ("Acme Packaging", "GmbH", "acme-packaging.example.de"),
        ("Northwind Pumps", "Ltd.", "northwind-pumps.example.co.uk"),
        ("Great Lakes Robotics", "Inc.", "glrobotics.example.com"),
        ("Siam Food Machinery", "Co., Ltd.", "siamfood.example.co.th"),
        ("Nordic Valve", "AB", "nordicvalve.example.se"),
        ("Oceanic Marine Engineering", "Pte Ltd", "oceanic-marine.example.sg"),
        ("Tokai Precision", "K.K.", "tokai-precision.example.jp"),
        ("Rheinland Antriebstechnik", "GmbH", "rheinland-at.example.de"),
        ("Saigon Plastics", "Co., Ltd.", "saigonplastics.example.vn"),
        ("Bavaria Sensor Systems", "GmbH", "bavaria-sensor.example.de"),
        ("Pacific Rim Castings", "Inc.", "pacrim-cast.example.com"),
        ("Hanseatic Conveyor", "GmbH", "hanseatic-conveyor.example.de"),
    ];

    /// <summary>Mail providers whose domain says nothing about the company.</summary>
    public static readonly string[] PublicMail = ["qq.com", "163.com", "126.com", "sina.com"];

    /// <summary>Roads for the street part of an address.</summary>
    public static readonly string[] Roads = ["星湖街", "东环路", "长江路", "人民路", "建设路", "科技大道", "工业大道", "创业路", "新华路", "湖滨路"];
}
