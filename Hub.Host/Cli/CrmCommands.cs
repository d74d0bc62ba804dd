using IntegrationHub.Hub.Host.CrmOutbound;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary><c>hub crm ...</c>: the API keys of the CRMs that read the change feed (issue 23 item 1).</summary>
internal static class CrmCommands
{
    public static async Task<int> IssueKeyAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var consumer = args.Option("consumer")
            ?? throw new CommandLineException("Name the consumer and the kinds it may read: hub crm issue-key --consumer salesforce --kinds SalesOrder,Shipment,OrderProgress (or --kinds all)");
        var kindsText = args.Option("kinds")
            ?? throw new CommandLineException($"Name the kinds the key may read: --kinds with some of {string.Join(',', CrmKinds.All)}, or --kinds all");
        var names = kindsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Where(n => !n.Equals("all", StringComparison.OrdinalIgnoreCase) && CrmKinds.Find(n) is null).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new CommandLineException(
                $"--kinds names unknown kind(s) {string.Join(", ", unknown.Take(5).Select(n => CrmText.Quote(n)))}; known: {string.Join(',', CrmKinds.All)}, or all.");
        }

        IReadOnlyList<string> kinds = names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase))
            ? CrmKinds.All
            : [.. names.Select(n => CrmKinds.Find(n)!).Distinct(StringComparer.Ordinal)];
        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        string keyId, key;
        try
        {
            (keyId, key) = await services.GetRequiredService<CrmApiKeys>().IssueAsync(consumer, kinds, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CommandLineException(ex.Message);
        }

        CrmLog.KeyIssued(Logger(services), keyId, consumer, string.Join(',', kinds));
        await console.Out.WriteLineAsync(key).ConfigureAwait(false);
        await console.Error.WriteLineAsync(
            $"Key {keyId} issued for {consumer} (kinds {string.Join(',', kinds)}). It is shown only this once; the hub keeps only its hash. Send it in the {CrmApiKeys.Header} header. Revoke it with: hub crm revoke-key --key-id {keyId}")
            .ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    public static async Task<int> RevokeKeyAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var keyId = args.Option("key-id") ?? throw new CommandLineException("Name the key: hub crm revoke-key --key-id ID (hub crm list-keys shows the ids)");
        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var time = services.GetRequiredService<TimeProvider>();
        if (!await services.GetRequiredService<ICrmFeedStore>().RevokeKeyAsync(keyId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            await console.Error.WriteLineAsync($"No active key has the id {CrmText.Quote(keyId)}; nothing was revoked (hub crm list-keys shows the ids).").ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        CrmLog.KeyRevoked(Logger(services), keyId);
        await console.Out.WriteLineAsync($"Key {keyId} revoked; the change feed refuses it from its next request.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    public static async Task<int> ListKeysAsync(IServiceProvider services, CommandConsole console, CancellationToken cancellationToken)
    {
        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var keys = await services.GetRequiredService<ICrmFeedStore>().ListKeysAsync(cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"{"KEY ID",-12} {"CONSUMER",-20} {"CREATED",-21} {"REVOKED",-21} KINDS").ConfigureAwait(false);
        foreach (var key in keys)
        {
            await console.Out.WriteLineAsync(
                $"{key.KeyId,-12} {key.Consumer,-20} {HubCommandLine.Format(key.CreatedAt),-21} {HubCommandLine.Format(key.RevokedAt),-21} {string.Join(',', key.Kinds)}")
                .ConfigureAwait(false);
        }

        return HubCommandLine.ExitOk;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Hub.Host.Cli");
}
