using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>An SMTP channel pointed at a test server, trusting its CA and logging in as its user.</summary>
internal static class TestChannels
{
    public static SmtpChannel For(SmtpTestServer server, Func<SmtpSettings, SmtpSettings>? change = null, ILogger<SmtpChannel>? logger = null)
    {
        var settings = new SmtpSettings
        {
            Host = "127.0.0.1",
            Port = server.Port,
            CaFile = server.Certificates?.CaFile,
            UserName = server.UserName,
            Password = server.Password,
            From = "service@hub.example",
            FromName = "客服中心 Service desk",
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new SmtpChannel("mail", change?.Invoke(settings) ?? settings, TimeProvider.System, logger ?? NullLogger<SmtpChannel>.Instance);
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds. The guard only stops a hung test; nothing is asserted about
    /// how long the wait took.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!condition())
        {
            if (guard.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return true;
    }
}
