using System.Collections.Immutable;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// <c>/api/auth/token</c> (RFC 6749 §3.2): client credentials (method 1), code exchange and refresh (methods 2
/// and 3), served by handlers alone: no MVC on the hot path. The same endpoint answers at <c>/api/auth/renew</c>,
/// where <see cref="RenewEndpointHandlers"/> take the place of those filtered <see cref="RequireNotRenewEndpoint"/>;
/// everything else here runs at both addresses.
/// </summary>
public static class TokenEndpointHandlers
{
    /// <summary>
    /// OpenIddict's check that every requested scope exists, run only when one is not among the registered ones. Only
    /// the unfiltered built-in copy goes (OpenIddictExtensions: RemoveEventHandler would remove this one too).
    /// </summary>
    public static OpenIddictServerHandlerDescriptor ValidateUnregisteredScopes { get; } = CustomHandler
        .Filtered<ValidateTokenRequestContext>(OpenIddictServerHandlers.Exchange.ValidateScopes.Descriptor).AddFilter<RequireUnregisteredScope>().Build();

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        /*
         * Request extraction:
         */
        ExtractFormOrJsonTokenRequest.Descriptor,

        /*
         * Request validation:
         */
        ValidateProofKeyFormat.TokenDescriptor,
        ValidateUnregisteredScopes,
        ValidateRequestedScopes.Descriptor,
        ApplyCurrentGrant.ValidationDescriptor,
        RedeemPresentedToken.Descriptor,

        /*
         * Request handling and sign-in:
         */
        SignInClientCredentials.Descriptor,
        IssueClientCredentialsTokens.Descriptor,
        AlwaysIssueRefreshToken.Descriptor,
        CompleteTokenResponse.Descriptor,
        RecordTokenResponses.SignInDescriptor,
        ApplyCurrentGrant.SignInDescriptor,

        /*
         * Response:
         */
        UniformInvalidClient.TokenDescriptor,
        RecordTokenResponses.ResponseDescriptor,
        WriteTokenResponse.Descriptor,
    ];

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> ReplacedHandlers { get; } =
    [
        OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<ExtractTokenRequestContext>.Descriptor,
        OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyTokenResponseContext>.Descriptor,
    ];
}
