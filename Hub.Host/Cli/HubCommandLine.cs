using System.Globalization;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// The <c>hub</c> executable: <c>hub</c> or <c>hub run</c> runs the server; <c>hub &lt;command&gt;</c> runs an admin
/// command against the same settings and store and exits.
/// </summary>
internal static class HubCommandLine
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadConfiguration = 2;
    public const int ExitUsage = 64;

    public const string Usage = """
        Usage: hub [run] [settings]                      run the hub (http://127.0.0.1:5080 unless --urls says otherwise)
               hub portal issue-token --customer CODE    issue a portal token for a customer; it is printed once
               hub portal revoke-token --token-id ID     revoke one token
               hub portal revoke-token --customer CODE   revoke all of a customer's tokens
               hub portal list-tokens [--customer CODE]  list tokens (ids, customers, state; never the tokens)
               hub crm issue-key --consumer NAME --kinds K1,K2|all
                                                         issue an API key for a CRM's change feed; printed once
               hub crm revoke-key --key-id ID            revoke a CRM's API key (refused from its next request)
               hub crm list-keys                         list CRM API keys (ids, consumers, kinds; never the keys)
               hub crm openapi [--to FILE]               the CRM API's OpenAPI document (the same as
                                                         docs/crm-openapi.json and /api/crm/openapi.json)
               hub mappings check                        validate every mapping file of the mappings folder
               hub mappings test MAPPING.yaml SAMPLE.csv show what a mapping makes of each row of a sample
               hub deadletters list [--source S] [--all] [--take N]
               hub deadletters replay [--source S]       map dead letters again, after a mapping was fixed
               hub customers duplicates [--min-score 0.75]
                                                         propose merges of probable duplicate customers (never merges)
               hub quality report [--csv FILE]           data-quality report of the customer master and orders
                                                         (exit code 1 when a metric is red)
               hub rules check                           validate every alarm rule file of the rules folder
               hub equipment labels --customer CODE --base-url URL [--to FILE.pdf|FILE.png]
                                                         a printable sheet of QR stickers, one per machine of the
                                                         customer, each opening the machine's page in the portal
               hub desk add-user --username U [--role agent|supervisor|admin|engineer]
                                                         add a desk user (or reset the password); the password is read
                                                         from HUB_DESK_PASSWORD or standard input, never the command line
               hub desk set-role --username U --role agent|supervisor|admin|engineer
               hub desk disable-user --username U
               hub desk delete-user --username U
               hub desk sign-out --username U            end every session of a desk user
                                                         (each of these, and add-user, ends the user's sessions)
               hub store copy --to postgresql            copy this stopped hub's SQLite store into the empty PostgreSQL
                                                         database of Hub__Store__ConnectionString, in one transaction,
                                                         and print each table's rows on both sides (exit code 0 only
                                                         when all match; on any failure the target is left empty)
               hub backup --to FILE                      copy the SQLite store, while the hub runs, to a new FILE
                                                         (checked before it gets its name; on PostgreSQL: use pg_dump)
               hub restore --from FILE [--replace]       put a backup in place as this stopped hub's store; --replace
                                                         keeps the current store as hub.db.before-restore-<time>
               hub settings reference [--to FILE]        every setting with its type, default and description
                                                         (Markdown; the same as docs/configuration.md)
               hub help

        Settings come from appsettings.json beside the executable, then environment variables (Hub__DataFolder),
        then the command line (--Hub:DataFolder=/var/lib/integrationhub, --urls http://127.0.0.1:5080).
        """;

    private static readonly HashSet<string> s_options = new(StringComparer.OrdinalIgnoreCase) { "customer", "token-id", "source", "take", "username", "role", "min-score", "csv", "to", "from", "consumer", "kinds", "key-id", "base-url" };
    private static readonly HashSet<string> s_flags = new(StringComparer.OrdinalIgnoreCase) { "all", "help", "replace" };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var parsed = CommandArguments.Parse(args, s_options, s_flags);
        try
        {
            if (parsed.Flag("help"))
            {
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return ExitOk;
            }

            switch (parsed.Words)
            {
                case [] or ["run"]:
                    return await RunServerAsync(parsed.Configuration, cancellationToken).ConfigureAwait(false);
                case ["help"]:
                    await output.WriteLineAsync(Usage).ConfigureAwait(false);
                    return ExitOk;
                case ["settings", "reference"]:
                    // Before the services: it reads the types, not the settings, so wrong settings do not stop it.
                    return await SettingsReferenceCommand.RunAsync(parsed, new CommandConsole(output, error), cancellationToken).ConfigureAwait(false);
                case ["crm", "openapi"]:
                    // Likewise: the document comes from the code, not from the settings or the store.
                    return await CrmOpenApiCommand.RunAsync(parsed, new CommandConsole(output, error), cancellationToken).ConfigureAwait(false);
            }

            await using var services = BuildServices(parsed.Configuration);
            var console = new CommandConsole(output, error);
            return parsed.Words switch
            {
                ["portal", "issue-token"] => await PortalCommands.IssueAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["portal", "revoke-token"] => await PortalCommands.RevokeAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["portal", "list-tokens"] => await PortalCommands.ListAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["crm", "issue-key"] => await CrmCommands.IssueKeyAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["crm", "revoke-key"] => await CrmCommands.RevokeKeyAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["crm", "list-keys"] => await CrmCommands.ListKeysAsync(services, console, cancellationToken).ConfigureAwait(false),
                ["mappings", "check"] => await MappingCommands.CheckAsync(services, console).ConfigureAwait(false),
                ["mappings", "test", var mapping, var sample] => await MappingCommands.TestAsync(mapping, sample, console, cancellationToken).ConfigureAwait(false),
                ["deadletters", "list"] => await DeadLetterCommands.ListAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["customers", "duplicates"] => await CustomerCommands.DuplicatesAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["quality", "report"] => await CustomerCommands.QualityAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["rules", "check"] => await RulesCommands.CheckAsync(services, console).ConfigureAwait(false),
                ["equipment", "labels"] => await EquipmentCommands.LabelsAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["desk", "add-user"] => await RulesCommands.AddUserAsync(services, parsed, console, Console.In, cancellationToken).ConfigureAwait(false),
                ["desk", "set-role"] => await DeskCommands.SetRoleAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["desk", "disable-user"] => await DeskCommands.DisableAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["desk", "delete-user"] => await DeskCommands.DeleteAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["desk", "sign-out"] => await DeskCommands.SignOutAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["backup"] => await BackupCommands.BackupAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["restore"] => await BackupCommands.RestoreAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["store", "copy"] => await StoreCommands.CopyAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                ["deadletters", "replay"] => await DeadLetterCommands.ReplayAsync(services, parsed, console, cancellationToken).ConfigureAwait(false),
                _ => throw new CommandLineException($"Unknown command '{string.Join(' ', parsed.Words)}'."),
            };
        }
        catch (HubConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitBadConfiguration;
        }
        catch (CommandLineException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return ExitUsage;
        }
    }

    private static async Task<int> RunServerAsync(string[] configuration, CancellationToken cancellationToken)
    {
        var app = HubApplication.Build(configuration);
        try
        {
            await HubStartup.PrepareAsync(app.Services, requireMappings: true, cancellationToken).ConfigureAwait(false);
        }
        catch (HubConfigurationException ex)
        {
            HubLog.CannotStart(app.Logger, ex.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return ExitBadConfiguration;
        }

        await app.RunAsync().ConfigureAwait(false);
        return ExitOk;
    }

    /// <summary>The services an admin command needs, configured as the server would be, logging to stderr.</summary>
    private static ServiceProvider BuildServices(string[] configurationArgs)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configurationArgs)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddHubCore(HubOptions.From(configuration), configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            // Every admin command refuses the settings `hub run` refuses, all problems at once (issue 19 item 4).
            HubStartup.ValidateSettings(provider);
        }
        catch (HubConfigurationException)
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    /// <summary>Formats a time for people reading a terminal: UTC, to the second.</summary>
    public static string Format(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
