using System.Collections.Immutable;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Our handlers that run whatever the endpoint: which endpoint a request is for, and client authentication
/// wherever clients authenticate (token and renew, revocation, introspection). Each endpoint's own handlers are
/// in its list (<see cref="AuthorizationEndpointHandlers"/>, <see cref="TokenEndpointHandlers"/>,
/// <see cref="RenewEndpointHandlers"/>, <see cref="RevocationEndpointHandlers"/>,
/// <see cref="IntrospectionEndpointHandlers"/>, <see cref="MetadataHandlers"/>), and token protection in
/// <see cref="ProtectionHandlers"/>.
/// </summary>
public static class ServerHandlers
{
    /// <summary>
    /// OpenIddict's client-type check (a confidential client must authenticate, a public one must not send a
    /// secret), everywhere but <c>/api/auth/renew</c>: there the refresh token alone identifies the client
    /// (seed 004), and <see cref="RenewEndpointHandlers"/> runs the check only when credentials are sent.
    /// </summary>
    public static OpenIddictServerHandlerDescriptor ValidateClientTypeExceptAtRenew { get; } = CustomHandler
        .Filtered<ProcessAuthenticationContext>(OpenIddictServerHandlers.ValidateClientType.Descriptor).AddFilter<RequireNotRenewEndpoint>().Build();

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        /*
         * Every request:
         */
        InferEndpointTypeOnce.Descriptor,

        /*
         * Client authentication:
         */
        ValidateClientTypeExceptAtRenew,
        ValidateClientSecretWithHashes.Descriptor,
        RejectSuspendedClients.Descriptor,
    ];

    /// <summary>
    /// The built-in handlers these replace. <see cref="OpenIddictServerHandlers.ValidateClientType"/> is not
    /// among them: it runs on, filtered (<see cref="ValidateClientTypeExceptAtRenew"/>).
    /// </summary>
    public static ImmutableArray<OpenIddictServerHandlerDescriptor> ReplacedHandlers { get; } =
    [
        OpenIddictServerHandlers.InferEndpointType.Descriptor,
        OpenIddictServerHandlers.ValidateClientSecret.Descriptor,
    ];
}
