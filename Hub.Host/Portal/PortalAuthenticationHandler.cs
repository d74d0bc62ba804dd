using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Authenticates a customer by the portal token in <c>Authorization: Bearer</c>. Access is bound to the customer
/// the token was issued for; knowing an order number gives nothing (DESIGN.md, Security).
/// </summary>
internal sealed class PortalAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    PortalTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "PortalToken";
    public const string CustomerClaim = "customer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var customer = await tokens.FindCustomerAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        if (customer is null)
        {
            return AuthenticateResult.Fail("The portal token is unknown or revoked.");
        }

        var identity = new ClaimsIdentity([new Claim(CustomerClaim, customer)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"portal\"";
        await Response.WriteAsJsonAsync(
            new PortalError("unauthorized", "Send your portal token as 'Authorization: Bearer <token>'. Ask your supplier for one if you have none."),
            PortalJsonContext.Default.PortalError).ConfigureAwait(false);
    }
}
