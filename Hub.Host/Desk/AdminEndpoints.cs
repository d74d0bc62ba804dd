using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// What the admin pages need beyond /health: dead letters and their replay, portal tokens (issue, list, revoke),
/// the mapping files' validation and the data-quality report (<see cref="AdminQualityEndpoints"/>). Desk users with
/// the Admin role only; state changes carry the desk's CSRF header.
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder desk)
    {
        var admin = desk.MapGroup("/admin").RequireAuthorization(DeskAuthentication.AdminPolicy);
        admin.MapGet("/dead-letters", async (IHubStore store, CancellationToken ct, string? source = null, int take = 100) =>
            TypedResults.Ok(await store.ListDeadLettersAsync(source, includeReplayed: false, Math.Clamp(take, 1, 1000), ct).ConfigureAwait(false)));
        admin.MapPost("/dead-letters/replay", async (DeadLetterReplay replay, CancellationToken ct, string? source = null) =>
            TypedResults.Ok(await replay.ReplayAsync(source, ct).ConfigureAwait(false)));
        admin.MapGet("/tokens", async (IHubStore store, CancellationToken ct, string? customer = null) =>
            TypedResults.Ok((await store.ListPortalTokensAsync(customer, ct).ConfigureAwait(false))
                .Select(t => new AdminToken(t.TokenId, t.CustomerCode, t.CreatedAt, t.RevokedAt))));
        admin.MapPost("/tokens", IssueTokenAsync);
        admin.MapPost("/tokens/{tokenId}/revoke", async (string tokenId, IHubStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var revoked = await store.RevokePortalTokensAsync(tokenId, null, time.GetUtcNow(), ct).ConfigureAwait(false);
            HubLog.TokensRevoked(loggers.CreateLogger(typeof(AdminEndpoints)), revoked);
            return revoked == 0
                ? Results.Json(new DeskError("token_not_found", $"No active token {tokenId}."), statusCode: StatusCodes.Status404NotFound)
                : Results.NoContent();
        });
        admin.MapGet("/mappings", (HubOptions options) =>
        {
            var folder = options.Resolve(options.MappingsFolder);
            var result = HubMappings.Load(folder);
            return TypedResults.Ok(new AdminMappings(
                folder,
                result.IsValid,
                [.. result.Errors.Select(e => e.ToString())],
                [.. (result.Catalog?.Mappings ?? []).Select(m => new AdminMapping(m.Source, string.Join(" + ", m.Targets.Select(t => t.Kind)), Path.GetFileName(m.FilePath)))]));
        });
        return admin.MapAdminQuality();
    }

    private static async Task<IResult> IssueTokenAsync(IssueTokenRequest body, PortalTokens tokens, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var customer = body.Customer?.Trim() ?? string.Empty;
        if (customer.Length == 0 || await tokens.IssueAsync(customer, cancellationToken).ConfigureAwait(false) is not var (tokenId, token))
        {
            return Results.Json(
                new DeskError("customer_not_found", $"Customer '{customer}' is not in the hub's data (codes are case-sensitive)."),
                statusCode: StatusCodes.Status404NotFound);
        }

        HubLog.TokenIssued(loggers.CreateLogger(typeof(AdminEndpoints)), tokenId, customer);
        return Results.Ok(new IssuedToken(tokenId, customer, token, "/portal/#token=" + token));
    }
}

internal sealed record AdminToken(string TokenId, string CustomerCode, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

internal sealed record IssueTokenRequest(string? Customer);

/// <summary>A new token, shown once: the hub keeps only its hash. The invitation path signs the customer in.</summary>
internal sealed record IssuedToken(string TokenId, string CustomerCode, string Token, string InvitationPath);

internal sealed record AdminMappings(string Folder, bool Valid, IReadOnlyList<string> Errors, IReadOnlyList<AdminMapping> Mappings);

internal sealed record AdminMapping(string Source, string Target, string File);
