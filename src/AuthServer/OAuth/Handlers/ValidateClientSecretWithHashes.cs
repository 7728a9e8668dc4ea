using AuthServer.Core.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Checks client secrets against our stored HMACs (several live secrets per client, cached), in place of
/// OpenIddict's single PBKDF2 secret, which costs ~2 ms of CPU per token request.
/// </summary>
public sealed class ValidateClientSecretWithHashes(ClientSecretVerifier verifier) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ProcessAuthenticationContext>()
        .AddFilter<RequireClientIdParameter>().AddFilter<RequireClientSecretParameter>().AddFilter<RequireDegradedModeDisabled>()
        .UseSingletonHandler<ValidateClientSecretWithHashes>().At(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order);

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        // As the built-in: secrets are only checked where clients authenticate.
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Introspection
            or OpenIddictServerEndpointType.Revocation))
        {
            return;
        }

        var secretId = await verifier.VerifyAsync(context.ClientId!, context.ClientSecret!, context.CancellationToken);
        if (secretId is null)
        {
            context.Reject(Errors.InvalidClient, UniformInvalidClient.Description);
            return;
        }

        context.Transaction.Properties[TransactionProperties.SecretId] = secretId.Value;
    }
}
