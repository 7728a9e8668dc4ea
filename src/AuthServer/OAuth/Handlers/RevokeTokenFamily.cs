using AuthServer.Core.Audit;
using AuthServer.Core.Tokens;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 7009 at <c>/api/auth/revoke</c>: revoking a refresh token (or an access token) revokes its whole
/// family, so the access tokens it yielded fail at their next API call (SPEC §4). Replaces OpenIddict's
/// handler, which revokes one stored token entry and ours have none. Another client's token never gets
/// here (<see cref="RevokeOwnTokensOnly"/>).
/// </summary>
public sealed class RevokeTokenFamily(TokenLedger ledger) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<HandleRevocationRequestContext>()
        .AddFilter<RequireDegradedModeDisabled>()
        .UseSingletonHandler<RevokeTokenFamily>().At(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order);

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
