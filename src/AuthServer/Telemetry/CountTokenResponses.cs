using AuthServer.Core.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace AuthServer.Telemetry;

/// <summary>
/// Counts the token endpoint's answers (<c>/api/auth/token</c> and <c>/api/auth/renew</c>) beside the
/// handlers that make them: issued by grant type and client kind, refused by RFC 6749 error. Developer
/// Application families are bound to a grant (<see cref="TokenClaims.GrantId"/>); API-key ones never are.
/// </summary>
public sealed class CountTokenResponses(AuthServerMetrics metrics) :
    IOpenIddictServerHandler<ProcessSignInContext>,
    IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors { get; } =
    [
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireTokenRequest>()
            .UseSingletonHandler<CountTokenResponses>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1_100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build(),
        // Early, before any handler writes the response and ends the pipeline.
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<CountTokenResponses>()
            .SetOrder(int.MinValue + 160_100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build(),
    ];

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        metrics.TokenIssued(context.Request.GrantType, context.Principal?.HasClaim(TokenClaims.GrantId) == true);
        return default;
    }

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Error is { } error)
        {
            metrics.TokenRefused(error);
        }

        return default;
    }
}
