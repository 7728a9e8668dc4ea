using AuthServer.Core.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// At <c>/api/auth/renew</c>, the same redemption as <see cref="RedeemPresentedToken"/> (<see cref="TokenRedeemer"/>), after the address's own rule:
/// renewing without the secret is for API-key tokens without the <c>admin</c> scope (SPEC §4). A Developer
/// Application, and any token holding <c>admin</c>, refreshes at the token endpoint with client authentication.
/// </summary>
public sealed class RedeemRenewedToken(IOpenIddictApplicationManager applications, TokenRedeemer redeemer)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    private static readonly RedemptionRule OnlyApiKeysWithoutAdmin = static (context, client, principal) =>
    {
        if (client.Kind == ClientKind.DeveloperApp)
        {
            context.Reject(Errors.InvalidGrant, "Developer Application tokens are refreshed at /api/auth/token with grant_type=refresh_token and client authentication.");
        }
        else if (principal.HasScope(Core.Scopes.Admin))
        {
            context.Reject(Errors.InvalidGrant, "Tokens holding the admin scope are refreshed at /api/auth/token with client authentication.");
        }
    };

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ValidateTokenRequestContext>()
        .AddFilter<RequireRenewEndpoint>().AddFilter<RequireClientIdParameter>()
        .UseScopedHandler<RedeemRenewedToken>().At(RedeemPresentedToken.Descriptor.Order);

    public ValueTask HandleAsync(ValidateTokenRequestContext context) => redeemer.RedeemAsync(context, applications, OnlyApiKeysWithoutAdmin);
}
