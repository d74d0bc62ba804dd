using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Hub.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Web;

/// <summary>The headers that keep the portal and desk pages from running foreign script or being framed.</summary>
public abstract class PageSecurityHeadersTests(TestStore testStore)
{
    public sealed class OnSqlite() : PageSecurityHeadersTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PageSecurityHeadersTests(TestStore.PostgreSql);

    [Theory]
    [InlineData("/portal/")]
    [InlineData("/desk/")]
    [InlineData("/api/portal/orders/SO-A-001")]
    public async Task PagesAndTheirApis_CarryTheSecurityHeaders_NoHstsOverHttp(string path)
    {
        await using var hub = await TestHub.StartAsync(testStore);

        using var response = await hub.Client.GetAsync(path);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", scriptSrc);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP would be ignored at best");
    }

    [Theory]
    [InlineData("https", "/portal/", true)]
    [InlineData("http", "/portal/", false)]
    [InlineData("https", "/health/live", false)]
    public async Task Hsts_OnlyOverHttps_OnThePages(string scheme, string path, bool expected)
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        app.UsePageSecurityHeaders();
        app.Run(_ => Task.CompletedTask);
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Path = path;

        await app.Build()(context);

        Assert.Equal(expected ? "max-age=31536000" : string.Empty, context.Response.Headers.StrictTransportSecurity.ToString());
    }
}
