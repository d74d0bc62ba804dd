using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Notifications.Tests.Templates;

public sealed class NotificationTemplatesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ih-templates-").FullName;

    [Fact]
    public void Render_UsesTheLanguageAskedFor_ThenFallsBackToEnglish()
    {
        Write("ticket-opened.customer.en.hbs", "Subject: {{AssetId}}: {{AlarmText}}\n\nWe detected {{AlarmText}} on {{AssetId}}; {{Engineer}} is on it.\n");
        Write("ticket-opened.customer.zh-CN.hbs", "Subject: 设备 {{AssetId}}：{{AlarmText}}\n我们检测到设备 {{AssetId}} {{AlarmText}}，工程师 {{Engineer}} 正在处理。\n");
        var templates = Load();
        var model = new { AssetId = "EQ-1", AlarmText = "温度过高 <90°C>", Engineer = "张伟" };

        var zh = templates.Render("ticket-opened", "customer", "zh-CN", model, ["a@example.com"]);
        var fr = templates.Render("ticket-opened", "customer", "fr", new { AssetId = "EQ-1", AlarmText = "overheat", Engineer = "Li" }, []);

        Assert.Equal("设备 EQ-1：温度过高 <90°C>", zh.Subject);
        Assert.Equal("我们检测到设备 EQ-1 温度过高 <90°C>，工程师 张伟 正在处理。\n", zh.Body);
        Assert.Equal(["a@example.com"], zh.Recipients);
        Assert.Equal("We detected overheat on EQ-1; Li is on it.\n", fr.Body);
    }

    [Fact]
    public void LoadDirectory_ReportsEveryBadFile()
    {
        Write("ticket-opened.customer.hbs", "Subject: x\nbody");
        Write("ticket-opened.desk.en.hbs", "no subject line\nbody");
        Write("ticket-resolved.desk.en.hbs", "Subject: {{#if x}}\nbody");

        var result = NotificationTemplates.LoadDirectory(_folder);

        Assert.Null(result.Templates);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.StartsWith("ticket-opened.customer.hbs: the name must be", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("ticket-opened.desk.en.hbs, line 1: expected 'Subject:", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("ticket-resolved.desk.en.hbs: the template does not compile", StringComparison.Ordinal));
    }

    [Fact]
    public void TheShippedDemoTemplatesLoadAndCoverEveryEventInBothLanguages()
    {
        var templates = NotificationTemplates.LoadDirectory(Path.Combine(RepositoryPaths.Root, "deploy", "demo", "notifications"));

        Assert.Empty(templates.Errors);
        foreach (var key in new[] { "ticket-opened.customer", "ticket-opened.desk", "ticket-escalated.desk", "ticket-resolved.customer", "ticket-resolved.desk", "alarm-p0-quality.quality", "survey-invitation.customer" })
        {
            Assert.Contains($"{key}.en", templates.Templates!.Keys);
            Assert.Contains($"{key}.zh-CN", templates.Templates!.Keys);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder, name), text);

    private NotificationTemplates Load()
    {
        var result = NotificationTemplates.LoadDirectory(_folder);
        Assert.Empty(result.Errors);
        return result.Templates!;
    }
}
