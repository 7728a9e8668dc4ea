using AuthServer.Core;
using AuthServer.Core.Clients;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using AuthServer.OAuth.Handlers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
// Identity's TokenOptions is in scope project-wide too.
using TokenOptions = AuthServer.Core.Tokens.TokenOptions;

namespace AuthServer.OAuth;

public static class OpenIddictExtensions
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// OpenIddict as an OAuth 2.0 server (not OpenID Connect) on our EF Core entities, with the server's
    /// managed keys. Our API checks access tokens itself (Api/AccessTokenAuthentication), so OpenIddict's
    /// validation stack is not registered: it would run on every request for nothing.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerOpenIddict(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore()
                    .UseDbContext<AuthServerDbContext>()
                    .ReplaceDefaultEntities<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
                options.ReplaceApplicationManager<OAuthClient, OAuthClientManager>();
            })
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris(OAuthPaths.Authorize)
                    .SetTokenEndpointUris(OAuthPaths.Token, OAuthPaths.Renew)
                    .SetRevocationEndpointUris(OAuthPaths.Revoke)
                    .SetIntrospectionEndpointUris(OAuthPaths.Introspect)
                    .SetConfigurationEndpointUris(OAuthPaths.Metadata, OAuthPaths.OpenIdMetadata)
                    .SetJsonWebKeySetEndpointUris(OAuthPaths.Jwks);

                options.AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow();

                options.RegisterScopes([.. Core.Scopes.All]);
                options.SetAccessTokenLifetime(AccessTokenLifetime)
                    .SetRefreshTokenLifetime(RefreshTokenLifetime);

                // RFC 9068 JWT access tokens, signed (ES256) but not encrypted: resource servers and
                // integrators can read them, as SPEC §4 asks.
                options.DisableAccessTokenEncryption();

                // Tokens are self-contained (IssueSelfContainedTokens): no authorization rows either.
                options.DisableAuthorizationStorage();
                options.Configure(o =>
                {
                    // RFC 9700 §2.1.1: S256 only. OAuth 2.0, not OpenID Connect: no openid scope, no ID tokens.
                    o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    o.Scopes.Remove(OpenIddictConstants.Scopes.OpenId);

                    // Steps that only shape a JWT's header and claims: sealed refresh tokens and codes skip them.
                    OnlyForJsonWebTokens(o, OpenIddictServerHandlers.Protection.AttachTokenSubject.Descriptor);
                    OnlyForJsonWebTokens(o, OpenIddictServerHandlers.Protection.AttachTokenMetadata.Descriptor);

                    // Runs on, filtered, as ServerHandlers.ValidateClientTypeExceptAtRenew and
                    // RenewEndpointHandlers.ValidateClientTypeWhenCredentialsSent: only this unfiltered copy goes
                    // (RemoveEventHandler would remove every copy, as it goes by the handler's type).
                    if (!o.Handlers.Remove(OpenIddictServerHandlers.ValidateClientType.Descriptor))
                    {
                        throw new InvalidOperationException("OpenIddict no longer registers its ValidateClientType handler.");
                    }

                    // Likewise: runs on, filtered, as TokenEndpointHandlers.ValidateUnregisteredScopes.
                    if (!o.Handlers.Remove(OpenIddictServerHandlers.Exchange.ValidateScopes.Descriptor))
                    {
                        throw new InvalidOperationException("OpenIddict no longer registers its token endpoint's ValidateScopes handler.");
                    }
                });

                // The token endpoint is served by handlers alone (no MVC on the hot path); the authorization
                // endpoint passes through to the consent pages, and so do the errors it cannot send back to
                // the client (unknown client, unregistered redirect_uri: never redirected, RFC 6749 §4.1.2.1),
                // so the user gets a readable page instead of a bare status code (this replaces the status-code
                // pages integration, which only ever applied to this endpoint and cannot be combined with it).
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableErrorPassthrough()
                    .SuppressJsonResponseIndentation();

                // Endpoints this server does not have (device flow, end session, userinfo, pushed authorization
                // requests): their handlers only ever ask, on every request, whether the request is theirs.
                foreach (var unused in (IEnumerable<OpenIddictServerHandlerDescriptor>)[
                    .. OpenIddictServerHandlers.Device.DefaultHandlers,
                    .. OpenIddictServerHandlers.Session.DefaultHandlers,
                    .. OpenIddictServerHandlers.UserInfo.DefaultHandlers,
                    OpenIddictServerHandlers.Authentication.ExtractPushedAuthorizationRequest.Descriptor,
                    OpenIddictServerHandlers.Authentication.ValidatePushedAuthorizationRequest.Descriptor,
                    OpenIddictServerHandlers.Authentication.HandlePushedAuthorizationRequest.Descriptor,
                    OpenIddictServerHandlers.Authentication.ApplyPushedAuthorizationResponse<ProcessChallengeContext>.Descriptor,
                    OpenIddictServerHandlers.Authentication.ApplyPushedAuthorizationResponse<ProcessErrorContext>.Descriptor,
                    OpenIddictServerHandlers.Authentication.ApplyPushedAuthorizationResponse<ProcessRequestContext>.Descriptor,
                    OpenIddictServerHandlers.Authentication.ApplyPushedAuthorizationResponse<ProcessSignInContext>.Descriptor])
                {
                    options.RemoveEventHandler(unused);
                }

                // Our handlers, one list per endpoint as OpenIddict's own (OpenIddictServerHandlers.Exchange and
                // the others), each with the built-in handlers it replaces.
                foreach (var handler in (IEnumerable<OpenIddictServerHandlerDescriptor>)[
                    .. ServerHandlers.ReplacedHandlers,
                    .. ProtectionHandlers.ReplacedHandlers,
                    .. AuthorizationEndpointHandlers.ReplacedHandlers,
                    .. TokenEndpointHandlers.ReplacedHandlers,
                    .. RevocationEndpointHandlers.ReplacedHandlers,
                    .. IntrospectionEndpointHandlers.ReplacedHandlers])
                {
                    options.RemoveEventHandler(handler);
                }

                foreach (var handler in (IEnumerable<OpenIddictServerHandlerDescriptor>)[
                    .. ServerHandlers.DefaultHandlers,
                    .. ProtectionHandlers.DefaultHandlers,
                    .. AuthorizationEndpointHandlers.DefaultHandlers,
                    .. TokenEndpointHandlers.DefaultHandlers,
                    .. RenewEndpointHandlers.DefaultHandlers,
                    .. RevocationEndpointHandlers.DefaultHandlers,
                    .. IntrospectionEndpointHandlers.DefaultHandlers,
                    .. MetadataHandlers.DefaultHandlers])
                {
                    options.AddEventHandler(handler);
                }
            });

        builder.Services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, CachedServerDispatcher>());
        HandlersPerUse(builder.Services);
        builder.Services.AddSingleton<RequireApplicationGrant>();
        builder.Services.AddSingleton<RequireRenewEndpoint>();
        builder.Services.AddSingleton<RequireNotRenewEndpoint>();
        builder.Services.AddSingleton<RequireClientCredentials>();
        builder.Services.AddSingleton<RequireUnregisteredScope>();
        builder.Services.AddSingleton<TokenRedeemer>();

        // Settings read when options are built, so late configuration sources are honoured.
        builder.Services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<AuthOptions>, IOptions<TokenOptions>>((options, auth, tokens) =>
        {
            if (auth.Value.Issuer is not null)
            {
                options.Issuer = auth.Value.Issuer;
            }

            options.RefreshTokenReuseLeeway = tokens.Value.RefreshReuseLeeway;
        });
        builder.Services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<PublicOrigin>(
            (options, origin) => options.DisableTransportSecurityRequirement = !origin.RequiresHttps);

        builder.Services.AddValidatedOptions<TokenEndpointOptions>(TokenEndpointOptions.Section);
        builder.Services.AddSingleton<TokenEndpointLimits>();
        builder.Services.AddHostedSingleton<TokenStateSync>();
        builder.Services.AddHostedService<AuditWriter>();

        // Keys come from the managed key ring, and options are rebuilt when it changes.
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerKeysConfiguration>();
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>, KeyRingChangeTokenSource<OpenIddictServerOptions>>();
        return builder;
    }

    /// <summary>
    /// OpenIddict's handlers hold no state, so those registered as scoped are built per use (transient)
    /// instead of being kept in the request's DI scope: its table of some forty handlers per token request,
    /// grown step by step, was a tenth of the request's allocations. Their dependencies still come from the
    /// request's scope.
    /// </summary>
    private static void HandlersPerUse(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            if (service.Lifetime == ServiceLifetime.Scoped && !service.IsKeyedService && service.ServiceType.GetInterfaces()
                    .Any(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IOpenIddictServerHandler<>)))
            {
                services[i] = service.ImplementationFactory is { } factory
                    ? ServiceDescriptor.Transient(service.ServiceType, factory)
                    : ServiceDescriptor.Transient(service.ServiceType, service.ImplementationType!);
            }
        }
    }

    private static void OnlyForJsonWebTokens(OpenIddictServerOptions options, OpenIddictServerHandlerDescriptor descriptor)
    {
        var index = options.Handlers.IndexOf(descriptor);
        if (index < 0)
        {
            throw new InvalidOperationException($"OpenIddict no longer registers {descriptor.ServiceDescriptor.ServiceType}.");
        }

        options.Handlers[index] = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .Import(descriptor)
            .AddFilter<RequireJsonWebTokenFormat>()
            .Build();
    }

    /// <summary>Publishes every live signing key (current, next, retiring) and every live decryption key.</summary>
    private sealed class ServerKeysConfiguration(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var keys = ring.Current;
            foreach (var key in keys.PublishedSigningKeys)
            {
                options.SigningCredentials.Add(new(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256));
            }

            foreach (var key in keys.DecryptionKeys)
            {
                options.EncryptionCredentials.Add(new(key,
                    Microsoft.IdentityModel.Tokens.SecurityAlgorithms.Aes256KW,
                    Microsoft.IdentityModel.Tokens.SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
    }

    private sealed class KeyRingChangeTokenSource<TOptions>(KeyRing ring) : IOptionsChangeTokenSource<TOptions>
    {
        public string? Name => Options.DefaultName;

        public Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => ring.GetChangeToken();
    }
}
