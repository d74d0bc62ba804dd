using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary><c>hub portal ...</c>: customers' portal tokens.</summary>
internal static class PortalCommands
{
    public static async Task<int> IssueAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var customer = args.Option("customer")
            ?? throw new CommandLineException("Name the customer: hub portal issue-token --customer C001");
        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        if (await services.GetRequiredService<PortalTokens>().IssueAsync(customer, cancellationToken).ConfigureAwait(false) is not var (tokenId, token))
        {
            await console.Error.WriteLineAsync(
                $"Customer '{customer}' is not in the hub's data. Import the ERP's customer export first, or check the code (it is case-sensitive).")
                .ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        HubLog.TokenIssued(services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Hub.Host.Cli"), tokenId, customer);
        await console.Out.WriteLineAsync(token).ConfigureAwait(false);
        await console.Error.WriteLineAsync(
            $"Token {tokenId} issued for customer {customer}. It is shown only this once; the hub keeps only its hash. Revoke it with: hub portal revoke-token --token-id {tokenId}")
            .ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    public static async Task<int> RevokeAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var tokenId = args.Option("token-id");
        var customer = args.Option("customer");
        if ((tokenId is null) == (customer is null))
        {
            throw new CommandLineException("Name one token or one customer: hub portal revoke-token --token-id ID, or --customer CODE");
        }

        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var time = services.GetRequiredService<TimeProvider>();
        var revoked = await services.GetRequiredService<IHubStore>()
            .RevokePortalTokensAsync(tokenId, customer, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        HubLog.TokensRevoked(services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Hub.Host.Cli"), revoked);
        var options = services.GetRequiredService<HubOptions>();
        await console.Out.WriteLineAsync(revoked == 0
            ? "No active token matched; nothing was revoked."
            : $"{revoked} token(s) revoked; a running hub refuses them within {options.Portal.TokenCacheDuration.TotalSeconds:0} seconds.")
            .ConfigureAwait(false);
        return revoked == 0 ? HubCommandLine.ExitFailed : HubCommandLine.ExitOk;
    }

    public static async Task<int> ListAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var tokens = await services.GetRequiredService<IHubStore>()
            .ListPortalTokensAsync(args.Option("customer"), cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"{"TOKEN ID",-10} {"CUSTOMER",-12} {"CREATED",-21} REVOKED").ConfigureAwait(false);
        foreach (var token in tokens)
        {
            await console.Out.WriteLineAsync(
                $"{token.TokenId,-10} {token.CustomerCode,-12} {HubCommandLine.Format(token.CreatedAt),-21} {HubCommandLine.Format(token.RevokedAt)}")
                .ConfigureAwait(false);
        }

        return HubCommandLine.ExitOk;
    }
}
