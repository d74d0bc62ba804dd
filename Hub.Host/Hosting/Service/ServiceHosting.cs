using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Hosting.Service;

/// <summary>
/// Runs the hub as an operating-system service: a systemd <c>Type=notify</c> unit with a watchdog on Linux, a Windows
/// service on Windows (issue 19 item 1). Each part is a no-op when the process was not started by that service manager.
/// </summary>
internal static class ServiceHosting
{
    public static WebApplicationBuilder AddHubServiceHosts(this WebApplicationBuilder builder)
    {
        // AddSystemd/AddWindowsService are UseSystemd/UseWindowsService for a WebApplicationBuilder's services: the
        // lifetime that sends READY=1/STOPPING=1, or that answers the Windows service control manager. The content
        // root is already the executable's folder (HubApplication), which a Windows service needs (not System32).
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();

        // Read now, at build: what the unit's environment says is what this process keeps for its life.
        var watchdog = SystemdWatchdogSettings.From(Environment.GetEnvironmentVariable, Environment.ProcessId, out string? problem);
        if (watchdog is not null)
        {
            builder.Services.AddHostedService(services => new SystemdWatchdog(
                watchdog, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger<SystemdWatchdog>()));
        }
        else if (problem is not null)
        {
            builder.Services.AddHostedService(services => new WatchdogProblem(services.GetRequiredService<ILoggerFactory>().CreateLogger<SystemdWatchdog>(), problem));
        }

        return builder;
    }
}
