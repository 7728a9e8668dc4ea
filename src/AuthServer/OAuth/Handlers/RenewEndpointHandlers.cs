using System.Collections.Immutable;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// <c>/api/auth/renew</c> (seed 004 method 1) is a second address of the token endpoint: same pipeline, same
/// rotation and reuse detection (<see cref="TokenEndpointHandlers"/>), but the body is just
/// <c>{"refresh_token": "…"}</c> and the client is the one the refresh token was issued to. These handlers run
/// there only (<see cref="RequireRenewEndpoint"/>), each in place of a token endpoint handler kept off this
/// address (<see cref="RequireNotRenewEndpoint"/>), or, for the client, before the checks that need it.
/// </summary>
public static class RenewEndpointHandlers
{
    /// <summary>
    /// OpenIddict's client-type check at <c>/api/auth/renew</c>, only when credentials are sent: a secret that
    /// is sent is still verified, and a public client still may not send one.
    /// </summary>
    public static OpenIddictServerHandlerDescriptor ValidateClientTypeWhenCredentialsSent { get; } = CustomHandler
        .Filtered<ProcessAuthenticationContext>(OpenIddictServerHandlers.ValidateClientType.Descriptor)
        .AddFilter<RequireRenewEndpoint>().AddFilter<RequireClientCredentials>().Build();

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ExtractRenewRequest.Descriptor,
        InferClientFromRenewedToken.Descriptor,
        ValidateClientTypeWhenCredentialsSent,
        RedeemRenewedToken.Descriptor,
    ];
}
