using AuthServer.Core.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 8252 §7.3: a native app listens on a loopback port the OS picks at run time, so for a registered
/// <c>http://localhost</c>, <c>127.0.0.1</c> or <c>[::1]</c> redirect URI the port is not compared. Scheme,
/// host, path and query still must be exactly the registered ones, and every other URI keeps OpenIddict's
/// exact match (RFC 9700 §4.1.3: no pattern matching). The token endpoint needs nothing of this: there the
/// redirect_uri must equal the one the code was issued for (RFC 6749 §4.1.3), port included.
/// </summary>
public sealed class MatchLoopbackRedirectUriOnAnyPort(IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    private readonly OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri _exact = new(applications);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseScopedHandler<MatchLoopbackRedirectUriOnAnyPort>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var requested) &&
            RedirectUriRules.IsLoopback(requested) && string.IsNullOrEmpty(requested.UserInfo) &&
            await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken) is { } client)
        {
            foreach (var registered in await applications.GetRedirectUrisAsync(client, context.CancellationToken))
            {
                if (Uri.TryCreate(registered, UriKind.Absolute, out var uri) && RedirectUriRules.IsLoopback(uri) && SameButPort(uri, requested))
                {
                    return;
                }
            }
        }

        await _exact.HandleAsync(context);
    }

    private static bool SameButPort(Uri registered, Uri requested) =>
        registered.Scheme == requested.Scheme &&
        string.Equals(registered.Host, requested.Host, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(registered.PathAndQuery, requested.PathAndQuery, StringComparison.Ordinal);
}
