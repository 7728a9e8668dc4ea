using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Reads a <c>/api/auth/renew</c> request as <see cref="ExtractFormOrJsonTokenRequest"/> reads a token request
/// (form or JSON, same caps), then applies the address's one rule: the body names no grant, so it can only be
/// a refresh, and any other grant is refused.
/// </summary>
public sealed class ExtractRenewRequest : IOpenIddictServerHandler<ExtractTokenRequestContext>
{
    private const string OnlyRefresh = "/" + OAuthPaths.Renew + " only renews a refresh_token.";

    private static readonly ExtractionRule RefreshOnly = static (context, request) =>
    {
        request.GrantType ??= GrantTypes.RefreshToken;
        if (request.GrantType != GrantTypes.RefreshToken)
        {
            context.Reject(Errors.UnsupportedGrantType, OnlyRefresh);
        }
    };

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ExtractTokenRequestContext>()
        .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>().AddFilter<RequireRenewEndpoint>()
        .UseSingletonHandler<ExtractRenewRequest>().At(ExtractFormOrJsonTokenRequest.Descriptor.Order);

    public ValueTask HandleAsync(ExtractTokenRequestContext context) => ExtractFormOrJsonTokenRequest.ExtractAsync(context, RefreshOnly);
}
