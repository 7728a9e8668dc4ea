using System.Security.Claims;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Issues the client_credentials grant's tokens from the principal <see cref="SignInClientCredentials"/> made,
/// instead of handing it to OpenIddict's sign-in. That pipeline (some forty handlers, two token-generation events,
/// each with a container lookup, filters and a principal clone) was a fifth of the CPU of a client_credentials
/// request, for a principal this server builds itself and always issues the same way. What it comes down to for
/// this grant, with this server's options (no token or authorization storage, no per-client lifetimes, unencrypted
/// RFC 9068 access tokens, sealed refresh tokens, no certificate binding), is below, each step named after the
/// OpenIddict handler it stands for. The tokens are written by the same writers (<see cref="AccessTokenJwt"/>,
/// <see cref="SealedToken"/>) and the answer goes through the same response handlers. <c>ClientCredentialsSignInTests</c>
/// runs OpenIddict's sign-in beside this on the same request and requires the same answer and the same claims in
/// both tokens; renewal, reuse detection and revocation read these tokens as they read OpenIddict's.
/// </summary>
public sealed class IssueClientCredentialsTokens(KeyRing ring, RecordTokenResponses record, IOpenIddictServerDispatcher dispatcher)
    : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<HandleTokenRequestContext>()
        .UseScopedHandler<IssueClientCredentialsTokens>().At(SignInClientCredentials.Descriptor.Order + 500);

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        // Lifetimes set on the principal are OpenIddict's to apply; ours never carries any, but a change that adds one
        // gets OpenIddict's sign-in rather than tokens that ignore it.
        if (!context.Request.IsClientCredentialsGrantType() || context.Principal is not { } principal || context.ClientId is not { } clientId
            || principal.GetAccessTokenLifetime() is not null || principal.GetRefreshTokenLifetime() is not null)
        {
            return;
        }

        // AttachDefaultPresenters: the token is bound to the client that asked for it.
        if (!principal.HasClaim(Claims.Private.Presenter))
        {
            principal.SetPresenters(clientId);
        }

        var options = context.Options;
        var issuer = (options.Issuer ?? context.BaseUri ?? throw new InvalidOperationException("No issuer and no base address.")).AbsoluteUri;
        var now = options.TimeProvider.GetUtcNow();
        var keys = ring.Current;
        var scopes = principal.GetScopes();
        var scope = string.Join(' ', scopes);
        var accessLifetime = options.AccessTokenLifetime ?? throw new InvalidOperationException("No access token lifetime.");

        // GenerateAccessToken. A token our writer declines (a claim it does not render as IdentityModel would) is left,
        // with the whole sign-in, to OpenIddict: nothing has been issued or recorded yet.
        if (AccessTokenJwt.TryWrite(AccessTokenDescriptor(principal, clientId, issuer, now, accessLifetime, scope, keys.ActiveSigning)) is not { } accessToken)
        {
            return;
        }

        // GenerateRefreshToken: an id of its own for the ledger (IssueSelfContainedTokens), then sealed.
        var refresh = RefreshTokenPrincipal(principal, issuer, now, options);
        IssueSelfContainedTokens.AssignId(refresh);
        var refreshToken = SealRefreshTokensAndCodes.Seal(keys, SealedToken.RefreshTokenKind, refresh);

        // AttachSignInParameters (the scope when it differs from the request's), then CompleteTokenResponse (SPEC §4:
        // the scope always, expires_in the lifetime); in that order, so the answer's members are in OpenIddict's order.
        var response = context.Transaction.Response = new OpenIddictResponse
        {
            AccessToken = accessToken,
            TokenType = TokenTypes.Bearer,
            ExpiresIn = (long)accessLifetime.TotalSeconds,
        };
        if (!scopes.ToHashSet(StringComparer.Ordinal).SetEquals(context.Request.GetScopes()))
        {
            response.Scope = scope;
        }

        response.RefreshToken = refreshToken;
        response.Scope ??= scope;
        record.Issued(context, principal, response);

        // ApplyTokenResponse, as OpenIddict's sign-in ends.
        var notification = new ApplyTokenResponseContext(context.Transaction);
        await dispatcher.DispatchAsync(notification);
        if (!notification.IsRequestHandled)
        {
            throw new InvalidOperationException("The token response was not written.");
        }

        context.HandleRequest();
    }

    /// <summary>
    /// PrepareAccessTokenPrincipal, then AttachTokenSubject and AttachTokenMetadata, in one pass. The first keeps the
    /// subject, the presenters, the scopes and the claims meant for the access token, and adds the dates, the issuer,
    /// the audiences (the resources) and client_id; the other two move the scopes, dates, issuer and audiences into
    /// the descriptor's own fields and claims, so the token's subject is what is left. Dates are whole seconds in a
    /// JWT, as OpenIddict's round trip through its date claims leaves them.
    /// </summary>
    private static SecurityTokenDescriptor AccessTokenDescriptor(ClaimsPrincipal principal, string clientId, string issuer,
        DateTimeOffset now, TimeSpan lifetime, string scope, SigningCredentials signing)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        var subject = new ClaimsIdentity(identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        foreach (var claim in principal.Claims)
        {
            if (IsAccessTokenSubject(claim))
            {
                subject.AddClaim(claim);
            }
        }

        subject.AddClaim(new Claim(Claims.ClientId, clientId));
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        var audiences = principal.GetResources();
        if (audiences.Length > 0)
        {
            claims.Add(Claims.Audience, audiences.Length == 1 ? audiences[0] : audiences.ToArray());
        }

        if (scope.Length > 0)
        {
            claims.Add(Claims.Scope, scope);
        }

        claims.Add(Claims.JwtId, Guid.NewGuid().ToString());
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return new SecurityTokenDescriptor
        {
            Subject = subject,
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            Issuer = issuer,
            TokenType = JsonWebTokenTypes.AccessToken,
            SigningCredentials = signing,
        };
    }

    /// <summary>
    /// PrepareAccessTokenPrincipal's choice, less what AttachTokenSubject takes out again (the scopes) and client_id,
    /// which it sets anew at the end.
    /// </summary>
    private static bool IsAccessTokenSubject(Claim claim) => claim.Type switch
    {
        Claims.Subject or Claims.Private.AuthorizationId or Claims.Private.Presenter => true,
        Claims.JwtId or Claims.Private.TokenId or Claims.ExpiresAt or Claims.IssuedAt or Claims.NotBefore or Claims.Confirmation
            or Claims.ClientId => false,
        _ when claim.Type.StartsWith("oi_", StringComparison.OrdinalIgnoreCase) => false,
        _ => AccessTokenDestination.IsSetOn(claim),
    };

    /// <summary>PrepareRefreshTokenPrincipal: every claim but a token's own id and dates; new dates, the issuer.</summary>
    private static ClaimsPrincipal RefreshTokenPrincipal(ClaimsPrincipal principal, string issuer, DateTimeOffset now, OpenIddictServerOptions options)
    {
        var refresh = principal.Clone(claim => claim.Type is not (Claims.JwtId or Claims.Private.TokenId or Claims.ExpiresAt
            or Claims.IssuedAt or Claims.NotBefore or Claims.Confirmation));
        refresh.SetCreationDate(now);
        refresh.SetExpirationDate(now + (options.RefreshTokenLifetime ?? throw new InvalidOperationException("No refresh token lifetime.")));
        refresh.SetClaim(Claims.Private.Issuer, issuer);
        return refresh;
    }
}
