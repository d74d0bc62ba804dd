using System.Net;
using System.Text.RegularExpressions;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Tests.Labels;
using IntegrationHub.Hub.Host.Tests.Parts;
using IntegrationHub.Hub.Host.Tests.Photos;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// Issue 24's whole field-service journey in one headless Chromium, the customer and the engineer on 360 x 740 phone
/// screens: the machine's QR sticker (made by <c>hub equipment labels</c>, read back by zbarimg) opens the portal; the
/// customer signs in and reports a problem with a photo; the engineer on the roster sees the ticket, accepts, is on the
/// way, arrives, requests parts whose availability comes from the ERP's stock export dropped into the inbox (one
/// available, one short, one unknown, each said on the page), the request lands in the ERP's folder in GB18030; the
/// engineer writes the report with a photo and resolves; the customer answers the survey of the resolve mail; the
/// desk's survey page (a desktop screen) shows the answer.
/// </summary>
public abstract partial class FieldServiceJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : FieldServiceJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : FieldServiceJourneyTests(TestStore.PostgreSql);

    // A hang guard for each wait on a page, not a bound: a busy machine may take long.
    private const float Timeout = 60_000;

    private const string Engineer = "tom";

    private const string Comment = "Tom explained everything; fixed on the first visit.";

    [GeneratedRegex(@"/portal/survey\.html#[A-Za-z0-9_-]+")]
    private static partial Regex SurveyPath();

    [GeneratedRegex(@"ticket (\S+)\. ")]
    private static partial Regex ReportedTicket();

    [GeneratedRegex(@"Request (PR-\d{4}-\d{6}):")]
    private static partial Regex RequestNo();

    [Fact]
    public async Task Customer_ReportsFromTheQrLink_EngineerWorksIt_WithPartsAndAPhoto_CustomerAnswersTheSurvey_DeskSeesIt()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = RulesHub.PrepareFolder(TestRules.Overheat);
        var erp = Directory.CreateDirectory(Path.Combine(folder, "erp-in")).FullName;
        await using var hub = await TestHub.StartInAsync(testStore, folder, RulesHub.Settings(smtp,
            "--Hub:Rules:Roster:1:Id=tom.baker", "--Hub:Rules:Roster:1:Name=Tom Baker", "--Hub:Rules:Roster:1:Region=EU",
            $"--Hub:Rules:Roster:1:DeskUser={Engineer}",
            "--Hub:Parts:Export:Folder=erp-in", "--Hub:Parts:Export:Encoding=gb18030"));
        await RulesHub.SeedCustomersAsync(hub);
        // The ERP's stock export, through the file drop as the ERP writes it.
        await hub.DropAsync("stock-2026-12-07.csv", PartsHub.StockGb18030);
        await hub.WaitForInboxEmptyAsync(TimeSpan.FromMinutes(2));
        using var engineerApi = await RulesHub.SignInAsync(hub, Engineer, "engineer");
        using var supervisorApi = await RulesHub.SignInAsync(hub, "wang.sup", "supervisor");
        var token = await hub.IssueTokenAsync("C002");

        // The sticker on machine EQ-2: the label sheet IT prints, its QR code read back by a real decoder.
        var sheet = Path.Combine(hub.DataFolder, "labels-C002.png");
        var (code, _, error) = await hub.RunCommandAsync("equipment", "labels", "--customer", "C002", "--base-url", hub.Client.BaseAddress!.ToString(), "--to", sheet);
        Assert.True(code == 0, error);
        var link = Assert.Single(await ZbarImg.DecodeAsync(await File.ReadAllBytesAsync(sheet)));
        Assert.Equal(new Uri(hub.Client.BaseAddress!, "/portal/#/equipment/EQ-2").ToString(), link);

        await using var chromium = await Chromium.LaunchAsync();
        var phone = new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new() { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true };

        // The customer scans the sticker, signs in with the portal token and reports the problem with a photo.
        await using var customerPhone = await chromium.Browser.NewContextAsync(phone);
        var customer = await customerPhone.NewPageAsync();
        var customerErrors = Chromium.CollectErrors(customer);
        await customer.GotoAsync(link);
        await customer.GetByLabel("Portal token").FillAsync(token);
        await customer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var form = customer.Locator("form.report-form[data-asset='EQ-2']");
        await form.WaitForAsync(new() { Timeout = Timeout });
        await form.Locator("select").SelectOptionAsync("fault");
        await form.Locator("textarea").FillAsync("Spindle alarm 2041 after every tool change; see the photo of the panel.");
        await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "panel.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(width: 64, height: 48, exif: true) });
        await Chromium.ScreenshotAsync(customer, "journey-1-customer-reports");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        var result = form.Locator(".report-result", new() { HasTextRegex = ReportedTicket() });
        await result.WaitForAsync(new() { Timeout = Timeout });
        var ticketNo = ReportedTicket().Match(await result.InnerTextAsync()).Groups[1].Value;
        await Chromium.ScreenshotAsync(customer, "journey-2-customer-reported");

        // The engineer of the customer's region sees it on the phone page and works it.
        await using var engineerPhone = await chromium.Browser.NewContextAsync(phone);
        var field = await engineerPhone.NewPageAsync();
        var fieldErrors = Chromium.CollectErrors(field);
        await field.GotoAsync(new Uri(hub.Client.BaseAddress!, "/field/").ToString());
        await field.GetByLabel("User name").FillAsync(Engineer);
        await field.GetByLabel("Password").FillAsync(RulesHub.DeskPassword);
        await field.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await field.Locator($"li[data-ticket='{ticketNo}']").WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains("customer:fault", await field.Locator($"li[data-ticket='{ticketNo}']").InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(field, "journey-3-engineer-tickets");
        await field.Locator($"li[data-ticket='{ticketNo}'] a").ClickAsync();
        // What the customer wrote, with their photo (served to the engineer, metadata stripped), before the visit.
        var reported = field.Locator("#customer-reports li", new() { HasText = "Spindle alarm 2041" });
        await reported.WaitForAsync(new() { Timeout = Timeout });
        await WaitFor.ConditionAsync(() => reported.Locator("img.thumb").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 64"), "the customer's photo shown to the engineer");
        foreach (var (button, step) in new[] { ("Accept", "accept"), ("On my way", "on-my-way"), ("Arrived", "arrived") })
        {
            await field.Locator("#next-step", new() { HasText = button }).ClickAsync();
            await field.Locator($"#steps li.done[data-step='{step}']").WaitForAsync(new() { Timeout = Timeout });
        }

        await Chromium.ScreenshotAsync(field, "journey-4-engineer-arrived");

        // Parts: available, short and unknown, each answered on the page from the imported stock.
        var parts = field.Locator("#parts-request");
        foreach (var (item, quantity) in new[] { ("BRG-6204", "2"), ("SEAL-20", "5"), ("NOPE-1", "1") })
        {
            await parts.GetByRole(AriaRole.Button, new() { Name = "Add a part" }).ClickAsync();
            await parts.Locator(".part").Last.Locator(".item-code").FillAsync(item);
            await parts.Locator(".part").Last.Locator(".quantity").FillAsync(quantity);
        }

        await parts.GetByRole(AriaRole.Button, new() { Name = "Request" }).ClickAsync();
        await field.Locator("#parts-answer li[data-item='NOPE-1']").WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("BRG-6204 × 2: available (8 in stock)", await field.Locator("#parts-answer li[data-item='BRG-6204']").InnerTextAsync());
        Assert.Equal("SEAL-20 × 5: SHORT: only 3 in stock; the ERP decides", await field.Locator("#parts-answer li[data-item='SEAL-20']").InnerTextAsync());
        Assert.Equal("NOPE-1 × 1: UNKNOWN item: not in the ERP's stock export; check the code", await field.Locator("#parts-answer li[data-item='NOPE-1']").InnerTextAsync());
        var requestNo = RequestNo().Match(await field.Locator("#parts-answer p").InnerTextAsync()).Groups[1].Value;
        await Chromium.ScreenshotAsync(field, "journey-5-engineer-parts");

        // The request in the ERP's import folder, in the ERP's encoding.
        var export = Path.Combine(erp, $"part-request-{requestNo}.csv");
        await WaitFor.ConditionAsync(() => Task.FromResult(File.Exists(export)), "the part request in the ERP's folder: " + hub.Logs, TimeSpan.FromMinutes(3));
        var rows = ExportEncodings.Find("gb18030")!.GetString(await File.ReadAllBytesAsync(export)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        Assert.StartsWith($"{requestNo},{ticketNo},1,BRG-6204,2,pcs,available,8,tom,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"{requestNo},{ticketNo},2,SEAL-20,5,pcs,short,3,tom,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith($"{requestNo},{ticketNo},3,NOPE-1,1,,unknown,0,tom,", rows[3], StringComparison.Ordinal);

        // The service report with a part and a photo; the hub confirms it and the page shows the photo it serves.
        await field.GetByLabel("Work done").FillAsync("Reseated the tool-change sensor; 20 tool changes without alarm.");
        await field.GetByLabel("Time spent (minutes)").FillAsync("75");
        await field.Locator("#report").GetByRole(AriaRole.Button, new() { Name = "Add a part" }).ClickAsync();
        await field.Locator("#report-parts .item-code").FillAsync("BRG-6204");
        await field.Locator("#report-parts .quantity").FillAsync("2");
        await field.GetByLabel("Customer's name (sign-off)").FillAsync("Anna Schmidt");
        await field.GetByLabel("Photos (up to 3, JPEG or PNG)").SetInputFilesAsync(new FilePayload { Name = "sensor.png", MimeType = "image/png", Buffer = TestImages.Png(width: 40, height: 30) });
        await field.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        var thumb = field.Locator("#reports li img.thumb");
        await thumb.WaitForAsync(new() { Timeout = Timeout });
        await WaitFor.ConditionAsync(() => thumb.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 40"), "the report's photo shown from the hub");
        Assert.Equal(0, await field.EvaluateAsync<int>("JSON.parse(localStorage.getItem('field.outbox') || '[]').length"));
        // The photo kept on the phone is dropped once the hub has confirmed the report.
        await WaitFor.ConditionAsync(
            async () => await field.EvaluateAsync<int>("new Promise(r => { const q = indexedDB.open('field.photos'); q.onsuccess = () => { const c = q.result.transaction('photos').objectStore('photos').count(); c.onsuccess = () => { q.result.close(); r(c.result); }; }; })") == 0,
            "the kept photo dropped after the report was confirmed");
        // The desk is served the engineer's photo too.
        var photoUrl = (await thumb.GetAttributeAsync("src"))!.Replace("/api/field/", "/api/desk/", StringComparison.Ordinal);
        using (var deskPhoto = await supervisorApi.GetAsync(photoUrl))
        {
            Assert.Equal(HttpStatusCode.OK, deskPhoto.StatusCode);
        }

        await Chromium.ScreenshotAsync(field, "journey-6-engineer-report");
        await field.GetByLabel("Resolution note").FillAsync("Sensor reseated, machine back in production.");
        await field.Locator("#next-step", new() { HasText = "Resolved" }).ClickAsync();
        await field.Locator("#steps li.done[data-step='resolve']").WaitForAsync(new() { Timeout = Timeout });
        await Chromium.ScreenshotAsync(field, "journey-7-engineer-resolved");

        // The resolve mail's survey link, answered on the customer's phone.
        string? survey = null;
        await RulesHub.WaitForAsync(() =>
        {
            survey = smtp.Messages().Where(m => m.RcptTo.Contains("ops@acme.test")).Select(m => SurveyPath().Match(m.Body)).FirstOrDefault(m => m.Success)?.Value;
            return Task.FromResult(survey is not null);
        }, "the survey mail");
        await customer.GotoAsync(new Uri(hub.Client.BaseAddress!, survey).ToString());
        await customer.GetByRole(AriaRole.Heading, new() { Name = $"How did we do on ticket {ticketNo} (machine EQ-2)?" }).WaitForAsync(new() { Timeout = Timeout });
        await customer.Locator("label:has(#rating-5)").ClickAsync();
        await customer.Locator("label:has(#score-10)").ClickAsync();
        await customer.GetByLabel("Anything else you would like to tell us? (optional)").FillAsync(Comment);
        await customer.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await customer.Locator("#survey-thanks").WaitForAsync(new() { Timeout = Timeout });
        await Chromium.ScreenshotAsync(customer, "journey-8-customer-survey");

        // The supervisor at the desk sees the answer.
        await using var office = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var desk = await office.NewPageAsync();
        var deskErrors = Chromium.CollectErrors(desk);
        await BrowserDeskSignIn.SignInAsync(desk, hub, "wang.sup", RulesHub.DeskPassword);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Satisfaction surveys" }).ClickAsync();
        await desk.GetByRole(AriaRole.Heading, new() { Name = "Satisfaction surveys" }).WaitForAsync(new() { Timeout = Timeout });
        var answers = desk.Locator("#survey-answers", new() { HasText = Comment });
        await answers.WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains(ticketNo, await answers.InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desk, "journey-9-desk-surveys");

        Assert.True(customerErrors.Count == 0, string.Join(" | ", customerErrors));
        // The phone page asks who is signed in before the sign-in form (GET /api/field/me answers 401): that one is the
        // page's design; no other failed request and no script error is.
        var fieldProblems = fieldErrors.Where(e => !e.Contains("status of 401", StringComparison.Ordinal)).ToList();
        Assert.True(fieldProblems.Count == 0 && fieldErrors.Count <= 1, string.Join(" | ", fieldErrors));
        Assert.True(deskErrors.Count == 0, string.Join(" | ", deskErrors));
        Assert.Empty(hub.Logs.Errors);
    }
}
