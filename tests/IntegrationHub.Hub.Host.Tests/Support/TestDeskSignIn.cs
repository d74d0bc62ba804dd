using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Hub.Host.Desk;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>Signs a desk user in over HTTP, as the desk page does, for tests of the desk's and the admin's API.</summary>
internal static class TestDeskSignIn
{
    /// <summary>
    /// Creates or updates <paramref name="user"/> with <paramref name="role"/> (unless <paramref name="setUser"/> is false)
    /// and signs in; returns the client (cookies kept, CSRF header set) and the session cookie as a Cookie header value.
    /// </summary>
    public static async Task<(HttpClient Client, string Cookie)> SignInAsync(TestHub hub, string user, string password, DeskRole role, bool setUser = true)
    {
        if (setUser)
        {
            await hub.Services.GetRequiredService<DeskUsers>().SetAsync(user, password, role, CancellationToken.None);
        }

        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        using var response = await client.PostAsJsonAsync("/api/desk/sign-in", new { userName = user, password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var cookie = cookies.GetCookies(hub.Client.BaseAddress!)["hub_desk"] ?? throw new InvalidOperationException("No hub_desk cookie after sign-in.");
        return (client, $"hub_desk={cookie.Value}");
    }
}
