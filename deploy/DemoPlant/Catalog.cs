namespace IntegrationHub.DemoPlant;

/// <summary>What the demo plant, a small CNC machining shop near Suzhou, sells and to whom.</summary>
internal static class Catalog
{
    public static readonly (string Code, string Description, decimal Price, string Unit)[] Items =
    [
        ("FL-200-304", "不锈钢法兰 DN200 / Stainless flange DN200", 186.50m, "PCS"),
        ("SH-045-40C", "传动轴 Ø45 40Cr / Drive shaft Ø45", 312.00m, "PCS"),
        ("HS-110-AL", "铝合金壳体 / Aluminium housing 110", 845.00m, "PCS"),
        ("GR-M3-Z48", "直齿轮 m3 z48 / Spur gear m3 z48", 128.80m, "PCS"),
        ("BR-L90-Q235", "角支架 / L-bracket 90", 23.40m, "PCS"),
        ("VB-060-CU", "铜阀体 / Brass valve body 60", 402.00m, "PCS"),
        ("PL-500-6061", "定位板 / Locating plate 500", 1260.00m, "PCS"),
        ("SP-012-65MN", "压缩弹簧座 / Spring seat 12", 8.75m, "PCS"),
        ("NZ-018-SUS", "喷嘴 / Nozzle 18 SUS", 56.00m, "PCS"),
        ("CP-250-HT", "联轴器 / Coupling 250", 690.00m, "SET"),
    ];

    public static readonly (string Name, string Region, string Language, string Domain)[] Customers =
    [
        ("苏州精工机械有限公司", "华东", "zh-CN", "szjg.example.cn"),
        ("Acme Packaging GmbH", "EU", "en", "acme-packaging.example.de"),
        ("无锡华达自动化设备有限公司", "华东", "zh-CN", "huada-auto.example.cn"),
        ("Northwind Pumps Ltd.", "UK", "en", "northwind-pumps.example.co.uk"),
        ("宁波海天塑机配件有限公司", "华东", "zh-CN", "htsj.example.cn"),
        ("深圳市恒通精密五金有限公司", "华南", "zh-CN", "hengtong.example.cn"),
        ("Great Lakes Robotics Inc.", "US", "en", "glrobotics.example.com"),
        ("青岛海诺液压有限公司", "华北", "zh-CN", "hainuo-hyd.example.cn"),
        ("Siam Food Machinery Co., Ltd.", "APAC", "en", "siamfood.example.co.th"),
        ("常州天和传动科技有限公司", "华东", "zh-CN", "tianhe-drive.example.cn"),
        ("Nordic Valve AB", "EU", "en", "nordicvalve.example.se"),
        ("杭州博远医疗器械有限公司", "华东", "zh-CN", "boyuan-med.example.cn"),
        ("Oceanic Marine Engineering Pte Ltd", "APAC", "en", "oceanic-marine.example.sg"),
        ("东莞市鑫盛模具有限公司", "华南", "zh-CN", "xinsheng-mold.example.cn"),
        ("成都蓉信电子设备有限公司", "西南", "zh-CN", "rongxin.example.cn"),
        ("Tokai Precision K.K.", "APAC", "en", "tokai-precision.example.jp"),
        ("武汉长江重工机械有限公司", "华中", "zh-CN", "cjzg.example.cn"),
        ("Rheinland Antriebstechnik GmbH", "EU", "en", "rheinland-at.example.de"),
        ("天津滨海新能源装备有限公司", "华北", "zh-CN", "binhai-ne.example.cn"),
        ("Maple Leaf Conveyors Corp.", "NA", "en", "mapleleaf-conv.example.ca"),
        ("厦门鹭岛食品机械有限公司", "华南", "zh-CN", "ludao-fm.example.cn"),
        ("Hanoi Textile Machines JSC", "APAC", "en", "hanoi-tex.example.vn"),
        ("郑州中原矿山设备有限公司", "华中", "zh-CN", "zyks.example.cn"),
        ("Alpine Dosing Systems AG", "EU", "en", "alpine-dosing.example.ch"),
        ("合肥科瑞智能装备有限公司", "华东", "zh-CN", "kerui-zn.example.cn"),
        ("Pacific Bottling Solutions LLC", "US", "en", "pacbottling.example.com"),
        ("西安秦川数控机床有限公司", "西北", "zh-CN", "qinchuan-cnc.example.cn"),
        ("Baltic Steelworks UAB", "EU", "en", "baltic-steel.example.lt"),
        ("佛山市顺德区美达电器有限公司", "华南", "zh-CN", "meida-ea.example.cn"),
        ("Santos Agro Máquinas Ltda.", "LATAM", "en", "santos-agro.example.com.br"),
        ("南京金陵环保科技有限公司", "华东", "zh-CN", "jinling-ep.example.cn"),
        ("Kiwi Dairy Equipment Ltd", "APAC", "en", "kiwidairy.example.co.nz"),
        ("沈阳北方重型机械有限公司", "东北", "zh-CN", "bfzx.example.cn"),
        ("Iberia Wind Components S.L.", "EU", "en", "iberiawind.example.es"),
        ("长沙星沙工程机械配件厂", "华中", "zh-CN", "xingsha.example.cn"),
        ("Cape Mining Supplies (Pty) Ltd", "AF", "en", "capemining.example.co.za"),
    ];

    public static readonly (string Name, string TrackingPrefix)[] Carriers =
    [
        ("顺丰速运 SF Express", "SF"), ("德邦物流 Deppon", "DPK"), ("DHL Express", "JD0"), ("中远海运 COSCO", "COSU"), ("京东物流 JD Logistics", "JDV"),
    ];

    public static readonly string[] Machines = ["CNC-L1-01", "CNC-L1-02", "CNC-L1-03", "CNC-L2-01", "CNC-L2-02", "MILL-L2-03"];

    public static readonly string[] Warehouses = ["WH-SZ-01", "WH-SZ-02"];

    public static readonly string[] EquipmentModels = ["HX-Pack 500 包装机", "HX-Fill 220 灌装机", "HX-Cut 80 切割机"];
}
