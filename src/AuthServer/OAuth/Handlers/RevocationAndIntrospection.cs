using AuthServer.Core.Audit;
using AuthServer.Core.Tokens;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 7009 at <c>/api/auth/revoke</c>: revoking a refresh token (or an access token) revokes its whole
/// family, so the access tokens it yielded fail at their next API call (SPEC §4). Replaces OpenIddict's
/// handler, which revokes one stored token entry and ours have none. Another client's token never gets
/// here (<see cref="RevokeOwnTokensOnly"/>).
/// </summary>
public sealed class RevokeTokenFamily(TokenLedger ledger) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseSingletonHandler<RevokeTokenFamily>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var familyId = context.GenericTokenPrincipal?.GetClaim(TokenClaims.FamilyId);
        if (familyId is null || ledger.IsRevoked(familyId, null, null, null))
        {
            return; // RFC 7009 §2.2: nothing to do is still a 200
        }

        var ip = context.ClientIp();
        _ = Guid.TryParse(context.GenericTokenPrincipal?.GetClaim(TokenClaims.AccountId), out var accountId);
        await ledger.RevokeAsync(RevocationKind.Family, familyId, new AuditEntry(
            accountId == Guid.Empty ? null : accountId, "client:" + context.Request.ClientId, "family.revoked",
            Target: "family:" + familyId, Ip: ip, Detail: "Revoked at the revocation endpoint."), context.CancellationToken);
    }
}

/// <summary>
/// RFC 7662 at <c>/api/auth/introspect</c>: a client learns only about its own tokens (another client's
/// token is just inactive), and a revoked token is inactive; an active own token shows its claims.
/// </summary>
public sealed class IntrospectOwnTokensOnly(TokenLedger ledger) : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectOwnTokensOnly>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        if (context.GenericTokenPrincipal is not { } principal)
        {
            return default;
        }

        var owner = TokenOwner.Of(principal);
        if (owner != context.Request.ClientId ||
            ledger.IsRevoked(principal.GetClaim(TokenClaims.FamilyId), principal.GetClaim(TokenClaims.SecretId),
                principal.GetClaim(TokenClaims.GrantId), owner))
        {
            context.Reject(Errors.InvalidToken, "The token is not active.");
            return default;
        }

        context.Subject = principal.GetClaim(Claims.Subject);
        context.Scopes.UnionWith(principal.GetScopes());
        if (principal.GetClaim(TokenClaims.AccountId) is { } accountId)
        {
            context.Claims[TokenClaims.AccountId] = accountId;
        }

        return default;
    }
}
