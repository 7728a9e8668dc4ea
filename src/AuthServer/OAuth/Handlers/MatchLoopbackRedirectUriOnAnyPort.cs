using AuthServer.Core.Clients;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 8252 §7.3: a native app listens on a loopback port the OS picks at run time, so for a registered
/// <c>http://localhost</c>, <c>127.0.0.1</c> or <c>[::1]</c> redirect URI the port is not compared. Scheme,
/// host, path and query still must be exactly the registered ones, compared as sent (RFC 9700 §4.1.3: no
/// pattern matching; <c>/callback/../callback</c> or <c>/%63allback</c> is not <c>/callback</c>, though
/// <see cref="Uri"/> normalizes them alike), and every other URI keeps OpenIddict's exact match. The token endpoint needs nothing of this: there the
/// redirect_uri must equal the one the code was issued for (RFC 6749 §4.1.3), port included.
/// </summary>
public sealed class MatchLoopbackRedirectUriOnAnyPort(IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    private readonly OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri _exact = new(applications);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ValidateAuthorizationRequestContext>()
        .AddFilter<RequireDegradedModeDisabled>()
        .UseScopedHandler<MatchLoopbackRedirectUriOnAnyPort>().At(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order);

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var requested) &&
            RedirectUriRules.IsLoopback(requested) && string.IsNullOrEmpty(requested.UserInfo) &&
            await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken) is { } client)
        {
            foreach (var registered in await applications.GetRedirectUrisAsync(client, context.CancellationToken))
            {
                if (Uri.TryCreate(registered, UriKind.Absolute, out var uri) && RedirectUriRules.IsLoopback(uri) &&
                    SameButPort(uri, registered, requested, context.RedirectUri!))
                {
                    return;
                }
            }
        }

        await _exact.HandleAsync(context);
    }

    private static bool SameButPort(Uri registered, string registeredText, Uri requested, string requestedText) =>
        registered.Scheme == requested.Scheme &&
        string.Equals(registered.Host, requested.Host, StringComparison.OrdinalIgnoreCase) &&
        RawPathAndQuery(registeredText).Equals(RawPathAndQuery(requestedText), StringComparison.Ordinal);

    /// <summary>Everything after the authority, exactly as written (no dot-segment removal, no unescaping).</summary>
    private static ReadOnlySpan<char> RawPathAndQuery(string uri)
    {
        var authority = uri.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = uri.AsSpan(authority).IndexOfAny('/', '?', '#');
        return end < 0 ? [] : uri.AsSpan(authority + end);
    }
}
