namespace IntegrationHub.DemoPlant;

/// <summary>
/// The demo's dirty corner (issue 23 item 6): a CRM export of customers the ERP already has, written the way people
/// write them (one character mistyped, characters spaced out, the city in brackets, upper case, full-width digits),
/// beside two look-alikes that are other companies and values that are not valid, so that
/// <c>hub customers duplicates</c> and the desk's data-quality page have something to show. No e-mail address here is
/// written with <c>mailto:</c> or a full-width ＠: the import refuses those rows (issue 16 item 2), which would leave
/// nothing to show.
/// </summary>
internal static class DemoCrmExport
{
    public const string FileName = "customers-crm.csv";

    /// <summary>The records; the catalog's customers are C001 (index 0) onwards, with phones from <see cref="DemoPlantGenerator.Phone"/>.</summary>
    public static IReadOnlyList<DirtyCustomer> Customers() =>
    [
        // C001 苏州精工机械有限公司: 精工 typed 精功, the same number spelled otherwise.
        new("K-101", "苏州精功机械有限公司", "华东", null, "0512-60001000", "江苏省苏州市工业园区星湖街328号", "月结60天，联系王经理"),
        // C003 无锡华达自动化设备有限公司, spaced out, its e-mail in capitals.
        new("K-102", "无 锡 华 达 自 动 化 设 备 有 限 公 司", "华东", "PURCHASING@HUADA-AUTO.EXAMPLE.CN", null, null, null),
        // C006 深圳市恒通精密五金有限公司, the city in brackets and another legal-form spelling, the mobile in full width.
        new("K-103", "恒通精密五金（深圳）有限责任公司", "华南", null, FullWidthDigits(DemoPlantGenerator.Phone(5)), null, "2019年起VIP"),
        // C002 Acme Packaging GmbH, in capitals, its e-mail's domain too.
        new("K-104", "ACME PACKAGING GMBH", "EU", "purchasing@Acme-Packaging.example.de", null, null, null),
        // Not duplicates: a sister of C008 青岛海诺液压 on its switchboard, and a namesake without a city.
        new("K-105", "青岛海诺电子有限公司", "华北", "info@hainuo-hyd.example.cn", DemoPlantGenerator.Phone(7), null, null),
        new("K-106", "海诺液压有限公司", "华中", "hainuo88@163.com", "027-83456789", null, null),
        // Values that are not valid: a number too short, a note in the phone field, a misspelt provider.
        new("K-107", "宁波明辉照明有限公司", "华东", "minghui@qq.con", "0574-8888", "浙江省宁波市北仑区长江路8号", null),
        new("K-108", "温州瑞丰阀门有限公司", "华东", "sales@ruifeng-valve.example.cn", "电话待补", null, null),
    ];

    private static string FullWidthDigits(string text) =>
        string.Concat(text.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c));
}
