namespace IntegrationHub.Mappings.Tests.Loading;

public sealed class MappingCatalogLoadTests
{
    private const string FirstFile = """
        source: erp-orders
        target: SalesOrder
        timeZone: Asia/Shangai
        fields:
          OrderNo: { colum: 订单编号 }
          CustomerCode: { column: 客户编码 }
          OrderDate: { column: 订单日期, format: "yyyy-mm-dd" }
          Status: { column: 状态, map: { A: Open, B: OnHld } }
          TotalAmout: { column: 金额 }
        """;

    private const string SecondFile = """
        source: erp-orders
        target: SaleOrder
        file: { encoding: gbk }
        fields:
          OrderNo: 订单编号
        """;

    [Fact]
    public void Load_TwoFilesWithErrors_ReportsEveryErrorWithPositions()
    {
        using var files = new MappingFiles();
        var first = files.Write("a.yaml", FirstFile);
        var second = files.Write("b.yaml", SecondFile);

        var result = MappingCatalog.Load([first, second]);

        Assert.False(result.IsValid);
        Assert.Null(result.Catalog);
        var actual = result.Errors.Select(e => (Path.GetFileName(e.File), e.Line, e.Column)).ToList();
        Assert.Equal(
            [
                ("a.yaml", 3, 11),
                ("a.yaml", 5, 12),
                ("a.yaml", 5, 14),
                ("a.yaml", 7, 38),
                ("a.yaml", 8, 44),
                ("a.yaml", 9, 3),
                ("b.yaml", 1, 9),
                ("b.yaml", 2, 9),
                ("b.yaml", 3, 7),
                ("b.yaml", 3, 19),
            ],
            actual);
        var messages = result.Errors.Select(e => e.Message).ToList();
        Assert.Contains("unknown time zone 'Asia/Shangai'; did you mean 'Asia/Shanghai'?", messages[0], StringComparison.Ordinal);
        Assert.Contains("field 'OrderNo' needs 'column'", messages[1], StringComparison.Ordinal);
        Assert.Contains("unknown key 'colum' in field 'OrderNo'; did you mean 'column'?", messages[2], StringComparison.Ordinal);
        Assert.Contains("'mm', which means minutes; write 'MM' for the month", messages[3], StringComparison.Ordinal);
        Assert.Equal(
            "map code 'B' of field 'Status': 'OnHld' is not a member of SalesOrderStatus; did you mean 'OnHold'? (members: Open, OnHold, Cancelled, Closed)",
            messages[4]);
        Assert.StartsWith("SalesOrder has no field 'TotalAmout'; did you mean 'TotalAmount'?", messages[5], StringComparison.Ordinal);
        Assert.Equal(
            $"source 'erp-orders' is already declared in {first}:1:9; each source has one mapping file: rename the source in {second} or remove one of the two files",
            messages[6]);
        Assert.StartsWith("unknown target 'SaleOrder'; did you mean 'SalesOrder'?", messages[7], StringComparison.Ordinal);
        Assert.Contains("'file' has no 'match'", messages[8], StringComparison.Ordinal);
        Assert.Contains("GBK files are read as gb18030", messages[9], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateSourceInThreeFiles_NamesFirstFileInEachLaterOne()
    {
        using var files = new MappingFiles();
        const string Yaml = "source: dup\ntarget: Customer\nfields: { Code: c, Name: n }\n";
        var paths = new[] { files.Write("1.yaml", Yaml), files.Write("2.yaml", Yaml), files.Write("3.yaml", Yaml) };

        var result = MappingCatalog.Load(paths);

        Assert.Equal([paths[1], paths[2]], result.Errors.Select(e => e.File));
        Assert.All(result.Errors, e => Assert.Contains($"already declared in {paths[0]}:1:9", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_OverlappingFilePatterns_NamesSampleFileAndBothSources()
    {
        using var files = new MappingFiles();
        var stock = files.Write("a.yaml", "source: erp-stock\ntarget: StockLevel\nfile: { match: \"stock*.csv\" }\nfields: { ItemCode: i, Warehouse: w, OnHand: q }\n");
        var moves = files.Write("b.yaml", "source: erp-moves\ntarget: StockLevel\nfile: { match: \"STOCK_moves*.csv\" }\nfields: { ItemCode: i, Warehouse: w, OnHand: q }\n");
        var orders = files.Write("c.yaml", "source: erp-orders\ntarget: StockLevel\nfile: { match: \"orders*.csv\" }\nfields: { ItemCode: i, Warehouse: w, OnHand: q }\n");
        var lines = files.Write("d.yaml", "source: erp-lines\ntarget: StockLevel\nfile: { match: \"order_lines*.csv\" }\nfields: { ItemCode: i, Warehouse: w, OnHand: q }\n");

        var result = MappingCatalog.Load([stock, moves, orders, lines]);

        var error = Assert.Single(result.Errors);
        Assert.Equal((moves, 3, 16), (error.File, error.Line, error.Column));
        Assert.StartsWith(
            $"a file named 'STOCK_moves.csv' matches both 'STOCK_moves*.csv' (source erp-moves) and 'stock*.csv' (source erp-stock, {stock}:3:16)",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsLineAndColumnAndGoesOnWithOtherFiles()
    {
        using var files = new MappingFiles();
        var broken = files.Write("broken.yaml", "source: s\ntarget: Customer\nfields:\n  Code: { column: \"c }\n");
        var bad = files.Write("bad.yaml", "source: t\ntarget: Customr\nfields: { Code: c, Name: n }\n");

        var result = MappingCatalog.Load([broken, bad]);

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(broken, result.Errors[0].File);
        Assert.StartsWith("YAML syntax error", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(4, result.Errors[0].Line);
        Assert.Equal((bad, 2, 9), (result.Errors[1].File, result.Errors[1].Line, result.Errors[1].Column));
    }

    [Fact]
    public void Load_TabIndentation_PointsAtTheTab()
    {
        var errors = MappingFiles.LoadErrors("source: s\ntarget: Customer\nfields:\n  Code: c\n\tName: n\n");

        var error = Assert.Single(errors);
        Assert.Equal((5, 1), (error.Line, error.Column));
        Assert.Contains("only spaces for indentation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnclosedFlowList_IsASyntaxErrorNotACrash()
    {
        var errors = MappingFiles.LoadErrors("source: [s\ntarget: Customer\n");

        Assert.StartsWith("YAML syntax error", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GbkFile_AsksForUtf8()
    {
        using var files = new MappingFiles();
        var path = Path.Combine(files.Directory, "gbk.yaml");
        // "订单" in GBK is D6 A9 B5 A5.
        File.WriteAllBytes(path, [.. "source: s\ntarget: SalesOrder\nfields:\n  OrderNo: "u8, 0xD6, 0xA9, 0xB5, 0xA5, (byte)'\n']);

        var error = Assert.Single(MappingCatalog.Load([path]).Errors);

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Equal("the file is not UTF-8 (GBK or another code page?); save it as UTF-8", error.Message);
    }

    [Fact]
    public void Load_Utf8WithBom_Loads()
    {
        using var files = new MappingFiles();
        var path = Path.Combine(files.Directory, "bom.yaml");
        File.WriteAllText(path, "source: s\ntarget: Customer\nfields: { Code: 客户编码, Name: n }\n", new System.Text.UTF8Encoding(true));

        var result = MappingCatalog.Load([path]);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(["客户编码", "n"], result.Catalog.Mappings[0].Columns);
    }

    [Fact]
    public void Load_WindowsLineEndings_Loads()
    {
        var mapping = MappingFiles.LoadSingle("source: s\r\ntarget: Customer\r\nfields:\r\n  Code: 客户编码\r\n  Name: { column: 名称 }\r\n");

        Assert.Equal(["客户编码", "名称"], mapping.Columns);
    }

    [Fact]
    public void Load_DuplicateKey_IsAnError()
    {
        var errors = MappingFiles.LoadErrors("source: s\ntarget: Customer\nfields:\n  Code: c\n  Code: d\n  Name: n\n");

        var error = Assert.Single(errors);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Load_RequiredFieldNotMapped_NamesFieldAndFix()
    {
        var errors = MappingFiles.LoadErrors("""
            source: s
            target: SalesOrder
            fields:
              OrderNo: o
            """);

        Assert.Equal(
            [
                new MappingError(errors[0].File, 3, 1, "SalesOrder requires field 'CustomerCode' (string), which is not mapped; add 'CustomerCode: { column: <source column> }' or 'CustomerCode: { value: <constant> }' under fields"),
                new MappingError(errors[0].File, 3, 1, "SalesOrder requires field 'OrderDate' (date), which is not mapped; add 'OrderDate: { column: <source column> }' or 'OrderDate: { value: <constant> }' under fields"),
            ],
            errors);
    }

    [Fact]
    public void Load_FieldTheHubKeepsItself_SaysWhoKeepsIt()
    {
        // A customer's delivery addresses are kept on the portal and approved on the desk; an ERP export naming them
        // is told so, not that mappings "cannot set that type yet".
        var errors = MappingFiles.LoadErrors("""
            source: s
            target: Customer
            fields:
              Code: c
              Name: n
              DeliveryAddresses: a
            """);

        var error = Assert.Single(errors);
        Assert.Equal((6, 3), (error.Line, error.Column));
        Assert.Equal(
            "Customer.DeliveryAddresses is not filled from sources: the customer keeps them on the portal and the desk approves each change; remove it from fields",
            error.Message);
    }

    [Theory]
    [InlineData("target: Customer\nfields: { Code: c, Name: n }", 1, 1, "'source' is missing")]
    [InlineData("source: s\nfields: { Code: c, Name: n }", 1, 1, "'target' is missing")]
    [InlineData("source: s\ntarget: Customer", 1, 1, "'fields' is missing")]
    [InlineData("source: erp orders\ntarget: Customer\nfields: { Code: c, Name: n }", 1, 9, "source name 'erp orders' must be")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: c, Name: { column: n, requird: true } }", 3, 39, "unknown key 'requird' in field 'Name'; did you mean 'required'?")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: c, Name: { column: n, value: x } }", 3, 46, "has both 'column' and 'value'")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: { column: c, required: false }, Name: n }", 3, 40, "is required by Customer; remove 'required: false'")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: c, Name: n, Tier: { column: t, default: Platinum } }", 3, 57, "default of field 'Tier': 'Platinum' is not a member of CustomerTier (members: Standard, Silver, Gold)")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: c, Name: n, Tier: { column: t, map: { P: Platinum, G: Gold } } }", 3, 58, "map code 'P' of field 'Tier': 'Platinum' is not a member of CustomerTier")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: c, Name: { column: n, format: yyyyMMdd } }", 3, 47, "'format' does not apply to field 'Name', which is string")]
    [InlineData("source: s\ntarget: Customer\nfields: { Code: c, Name: { column: n, type: int } }", 3, 45, "field 'Name' is string, not 'int'")]
    [InlineData("source: s\ntarget: SalesOrder\nfields: { OrderNo: o, CustomerCode: c, OrderDate: { column: d, formats: [yyyyMMdd, \"yyyy-MM\"] } }", 3, 84, "needs a year (yyyy), a month (MM) and a day (dd)")]
    [InlineData("source: s\ntarget: SalesOrder\nfields: { OrderNo: o, CustomerCode: c, OrderDate: d, TotalAmount: { column: a, thousands: \".\" } }", 3, 91, "cannot be a thousands separator with decimal mark '.'")]
    [InlineData("source: s\ntarget: Customer\ntimestamp: { column: m, format: \"yyyy/mm/dd\" }\nfields: { Code: c, Name: n }", 3, 33, "timestamp: date format 'yyyy/mm/dd' uses 'mm'")]
    [InlineData("source: s\ntarget: Customer\ntimestamp: { format: \"yyyy-MM-dd\" }\nfields: { Code: c, Name: n }", 3, 12, "'timestamp' has no 'column'")]
    [InlineData("source: s\ntarget: Customer\nfile: { match: \"a*.csv\", delimiter: \";;\" }\nfields: { Code: c, Name: n }", 3, 37, "'file.delimiter' is ';;'")]
    [InlineData("source: s\ntarget: Customer\nfile: { match: \"a*.xlsx\", sheet: \" \" }\nfields: { Code: c, Name: n }", 3, 34, "'file.sheet' is empty")]
    [InlineData("source: s\ntarget: Customer\nfile: { match: \"in/a*.csv\" }\nfields: { Code: c, Name: n }", 3, 16, "without folders")]
    [InlineData("source: s\ntarget: Customer\nfields: [Code, Name]", 3, 9, "'fields' must be a mapping")]
    [InlineData("- a\n- b", 1, 1, "a mapping file must be a mapping")]
    [InlineData("", 1, 1, "the file is empty")]
    public void Load_InvalidFile_ReportsPositionAndFix(string yaml, int line, int column, string expected)
    {
        var errors = MappingFiles.LoadErrors(yaml);

        var error = Assert.Single(errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Load_MisspeltTopLevelKey_SuggestsKeyAndReportsItMissing()
    {
        var errors = MappingFiles.LoadErrors("source: s\ntarget: Customer\nfeilds: { Code: c, Name: n }");

        Assert.Equal(2, errors.Count);
        Assert.Equal((1, 1), (errors[0].Line, errors[0].Column));
        Assert.StartsWith("'fields' is missing", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((3, 1), (errors[1].Line, errors[1].Column));
        Assert.StartsWith("unknown key 'feilds' in the mapping; did you mean 'fields'?", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidFiles_GivesCatalogThatFindsBySource()
    {
        using var files = new MappingFiles();
        files.Write("a.yaml", "source: a\ntarget: Customer\nfields: { Code: c, Name: n }\n");
        files.Write("b.yml", "source: b\ntarget: StockLevel\nfile: { match: \"stock*.csv\" }\nfields: { ItemCode: i, Warehouse: w, OnHand: q }\n");
        files.Write("notes.txt", "not a mapping");

        var result = MappingCatalog.LoadDirectory(files.Directory);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(["a", "b"], result.Catalog.Mappings.Select(m => m.Source));
        Assert.Equal("b", result.Catalog.Find("b")?.Source);
        Assert.Null(result.Catalog.Find("c"));
        Assert.Equal(new FileSourceOptions { Match = "stock*.csv", Encoding = "auto", Delimiter = ',' }, result.Catalog.Find("b")!.File);
        Assert.Null(result.Catalog.Find("a")!.File);
        Assert.Equal(TimeZoneInfo.Utc, result.Catalog.Find("a")!.TimeZone);
    }

    [Fact]
    public void Map_UnknownSource_IsFailedRecord()
    {
        using var files = new MappingFiles();
        var result = MappingCatalog.Load([files.Write("a.yaml", "source: a\ntarget: Customer\nfields: { Code: c, Name: n }\n")]);

        var mapped = result.Catalog!.Map(MappingFiles.Record("zzz", ("c", "1")));

        Assert.False(mapped.Succeeded);
        Assert.Equal("no mapping declares source 'zzz' (sources: a)", Assert.Single(mapped.Errors).Message);
    }

    [Fact]
    public void LoadDirectory_MissingFolder_IsAnError()
    {
        var result = MappingCatalog.LoadDirectory(Path.Combine(Path.GetTempPath(), "ih-no-such-" + Guid.NewGuid().ToString("N")));

        Assert.False(result.IsValid);
        Assert.Contains("does not exist", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_EmptyFolder_GivesEmptyCatalog()
    {
        using var files = new MappingFiles();

        var result = MappingCatalog.LoadDirectory(files.Directory);

        Assert.True(result.IsValid);
        Assert.Empty(result.Catalog.Mappings);
    }

    [Fact]
    public void ToString_MappingError_IsFileLineColumnMessage()
    {
        Assert.Equal("m/orders.yaml:7:48: bad", new MappingError("m/orders.yaml", 7, 48, "bad").ToString());
    }
}
