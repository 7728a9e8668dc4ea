using System.Security.Claims;
using AuthServer.Core;
using AuthServer.Core.Clients;
using AuthServer.Core.Tokens;
using AuthServer.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Method 1 (SPEC §4): the account's API key gets a token for the whole account, starting a new token
/// family. Signed in from a handler, not an MVC action: nothing but OpenIddict runs on this path.
/// </summary>
public sealed class SignInClientCredentials(IOpenIddictApplicationManager applications, IOptions<AuthOptions> auth, TimeProvider time)
    : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<SignInClientCredentials>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return;
        }

        var client = (OAuthClient)(await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken))!;
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(TokenClaims.AccountId, client.AccountId.ToString())
            .SetClaim(TokenClaims.FamilyId, Guid.NewGuid().ToString("N"))
            .SetClaim(TokenClaims.FamilyStartedAt, time.GetUtcNow().ToUnixTimeSeconds());
        if (context.Transaction.Properties.TryGetValue(TransactionProperties.SecretId, out var secretId))
        {
            identity.SetClaim(TokenClaims.SecretId, secretId!.ToString());
        }

        var requested = context.Request.GetScopes();
        identity.SetScopes(requested.IsDefaultOrEmpty ? Core.Scopes.DefaultFrom(await AllowedScopesAsync(client, context.CancellationToken)) : requested);
        identity.SetResources(TokenAudience.For(context.Options.Issuer ?? context.BaseUri!, auth.Value));
        AccessTokenDestination.SetOnAll(identity);
        context.SignIn(new ClaimsPrincipal(identity));
    }

    private async Task<IEnumerable<string>> AllowedScopesAsync(OAuthClient client, CancellationToken cancellationToken) =>
        (await applications.GetPermissionsAsync(client, cancellationToken))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]);
}

/// <summary>
/// SPEC §3: a scope the client may not carry is <c>invalid_scope</c> (OpenIddict answers invalid_request).
/// </summary>
public sealed class ValidateRequestedScopes(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .AddFilter<RequireClientIdParameter>()
            .UseScopedHandler<ValidateRequestedScopes>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var client = await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken);
        if (client is null)
        {
            return;
        }

        foreach (var scope in context.Request.GetScopes())
        {
            if (!await applications.HasPermissionAsync(client, Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                context.Reject(Errors.InvalidScope, $"This client may not request the '{scope}' scope.");
                return;
            }
        }
    }
}

/// <summary>
/// Refresh tokens for every grant (SPEC §4), without the <c>offline_access</c> scope OpenIddict would
/// otherwise require (it would leak into the token's <c>scope</c>). Rotation issues a new one each time.
/// </summary>
public sealed class AlwaysIssueRefreshToken : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireTokenRequest>()
            .UseSingletonHandler<AlwaysIssueRefreshToken>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        context.GenerateRefreshToken = context.IncludeRefreshToken = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// SPEC §4 token response: <c>scope</c> always (OpenIddict omits it when it equals the request), and
/// <c>expires_in</c> the access token's lifetime (OpenIddict counts from a moment after <c>iat</c>, giving 3599).
/// </summary>
public sealed class CompleteTokenResponse : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireTokenRequest>()
            .UseSingletonHandler<CompleteTokenResponse>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.AccessTokenPrincipal is not { } principal)
        {
            return ValueTask.CompletedTask;
        }

        if (string.IsNullOrEmpty(context.Response.Scope))
        {
            context.Response.Scope = string.Join(' ', principal.GetScopes());
        }

        if (principal.GetCreationDate() is { } issuedAt && principal.GetExpirationDate() is { } expiresAt)
        {
            context.Response.ExpiresIn = (long)(expiresAt - issuedAt).TotalSeconds;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Issuing writes nothing: access tokens, refresh tokens and codes are self-contained, and refresh tokens
/// and codes get an id of their own so the <see cref="TokenLedger"/> can record their single use.
/// </summary>
public sealed class IssueSelfContainedTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<IssueSelfContainedTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        // No entry means nothing a reference could point to: authorization codes (OpenIddict's only
        // reference tokens by default) are issued as encrypted self-contained tokens like the rest.
        context.CreateTokenEntry = false;
        context.IsReferenceToken = false;
        context.PersistTokenPayload = false;
        if (context.TokenType is TokenTypeIdentifiers.RefreshToken or TokenTypeIdentifiers.Private.AuthorizationCode)
        {
            context.Principal.SetClaim(Claims.JwtId, Guid.NewGuid().ToString("N"));
        }

        return ValueTask.CompletedTask;
    }
}
