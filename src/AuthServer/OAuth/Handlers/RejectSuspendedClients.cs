using AuthServer.Core.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// A client of a suspended account authenticates nowhere (SPEC §2 "Operator"): token (every grant, refresh
/// and <c>/renew</c> included), introspection and revocation answer <c>invalid_client</c>, with the same body
/// as a wrong secret, so the answer says nothing about the account. A Developer Application of a suspended
/// company stops working for all its customers. The owner comes from the cached client snapshot and the
/// suspended set in memory: no query.
/// </summary>
public sealed class RejectSuspendedClients(IOpenIddictApplicationManager applications, SuspendedAccounts suspended)
    : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ProcessAuthenticationContext>()
        .AddFilter<RequireClientIdParameter>()
        .UseScopedHandler<RejectSuspendedClients>().At(ValidateClientSecretWithHashes.Descriptor.Order + 500);

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (!suspended.Any || context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Introspection
            or OpenIddictServerEndpointType.Revocation))
        {
            return;
        }

        if (await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken) is OAuthClient client && suspended.IsSuspended(client.AccountId))
        {
            context.Reject(Errors.InvalidClient, UniformInvalidClient.Description);
        }
    }
}
