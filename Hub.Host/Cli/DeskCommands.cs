using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub desk set-role | disable-user | delete-user | sign-out</c>: user changes that end the user's desk sessions at
/// the next request (issue 16 item 3), as a new password does through <c>hub desk add-user</c>.
/// </summary>
internal static class DeskCommands
{
    public static Task<int> SetRoleAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var roleText = args.Option("role") ?? throw new CommandLineException("desk set-role needs --role agent|supervisor|admin|engineer.");
        if (!Enum.TryParse<DeskRole>(roleText, true, out var role) || !Enum.IsDefined(role))
        {
            throw new CommandLineException($"--role '{roleText}' is unknown; use agent, supervisor, admin or engineer.");
        }

        return ChangeAsync(services, args, console, $"role set to {role.ToString().ToLowerInvariant()}", (users, name) => users.SetRoleAsync(name, role, cancellationToken), cancellationToken);
    }

    public static Task<int> DisableAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken) =>
        ChangeAsync(services, args, console, "disabled", (users, name) => users.DisableAsync(name, cancellationToken), cancellationToken);

    public static Task<int> DeleteAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken) =>
        ChangeAsync(services, args, console, "deleted", (users, name) => users.DeleteAsync(name, cancellationToken), cancellationToken);

    public static Task<int> SignOutAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken) =>
        ChangeAsync(services, args, console, "signed out everywhere", (users, name) => users.SignOutEverywhereAsync(name, cancellationToken), cancellationToken);

    private static async Task<int> ChangeAsync(
        IServiceProvider services, CommandArguments args, CommandConsole console, string change, Func<DeskUsers, string, Task<bool>> apply,
        CancellationToken cancellationToken)
    {
        var userName = args.Option("username") ?? throw new CommandLineException("This desk command needs --username NAME.");
        await services.GetRequiredService<IHubStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var users = new DeskUsers(services.GetRequiredService<IDeskUserStore>(), services.GetRequiredService<ISessionStore>(), services.GetRequiredService<TimeProvider>());
        if (!await apply(users, userName).ConfigureAwait(false))
        {
            await console.Error.WriteLineAsync($"There is no desk user '{userName}'; 'hub desk add-user' makes one.").ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        DeskLog.UserChanged(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeskCommands)), userName, change);
        await console.Out.WriteLineAsync($"Desk user '{userName}' {change}; the user's sessions have ended.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }
}
