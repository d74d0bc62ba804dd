using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary><c>hub rules check</c> and <c>hub desk add-user</c>.</summary>
internal static class RulesCommands
{
    public const string PasswordVariable = "HUB_DESK_PASSWORD";

    public static async Task<int> CheckAsync(IServiceProvider services, CommandConsole console)
    {
        var options = services.GetRequiredService<HubOptions>();
        var folder = options.Resolve(options.Rules.Folder);
        var set = RuleFileReader.LoadDirectory(folder);
        foreach (var error in set.Errors)
        {
            await console.Error.WriteLineAsync(error).ConfigureAwait(false);
        }

        if (set.Errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"{set.Errors.Count} problem(s) in {folder}; the hub will not start until they are fixed.").ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        foreach (var rule in set.Rules)
        {
            await console.Out.WriteLineAsync($"{rule.Rule.Id,-24} {rule.Rule.GetType().Name.Replace("Rule", string.Empty, StringComparison.Ordinal),-12} {rule.Rule.AssetId}/{rule.Rule.Metric} -> {rule.Rule.Code} ({rule.Rule.Severity})  {rule.Where}").ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync($"{set.Rules.Count} alarm rule(s) in {folder} are valid.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    /// <summary>Adds a desk user; the password comes from HUB_DESK_PASSWORD or the first line of standard input, never the command line.</summary>
    public static async Task<int> AddUserAsync(IServiceProvider services, CommandArguments args, CommandConsole console, TextReader input, CancellationToken cancellationToken)
    {
        var userName = args.Option("username") ?? throw new CommandLineException("desk add-user needs --username NAME.");
        var roleText = args.Option("role") ?? "agent";
        if (!Enum.TryParse<DeskRole>(roleText, true, out var role) || !Enum.IsDefined(role))
        {
            throw new CommandLineException($"--role '{roleText}' is unknown; use agent, supervisor, admin or engineer.");
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            password = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(password) || password.Length < DeskUsers.MinPasswordLength)
        {
            await console.Error.WriteLineAsync($"Give a password of at least {DeskUsers.MinPasswordLength} characters in {PasswordVariable} or on standard input (never on the command line).").ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        await services.GetRequiredService<IHubStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await new DeskUsers(services.GetRequiredService<IDeskUserStore>(), services.GetRequiredService<ISessionStore>(), services.GetRequiredService<TimeProvider>())
            .SetAsync(userName, password, role, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Desk user '{userName}' saved with role {role.ToString().ToLowerInvariant()}.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }
}
