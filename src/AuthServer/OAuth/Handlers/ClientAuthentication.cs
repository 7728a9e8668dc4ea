using AuthServer.Core.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace AuthServer.OAuth.Handlers;

/// <summary>Transaction properties our handlers share.</summary>
public static class TransactionProperties
{
    /// <summary>The id of the client secret that authenticated the request (a <see cref="Guid"/>).</summary>
    public const string SecretId = "authserver:secret_id";
}

/// <summary>
/// Checks client secrets against our stored HMACs (several live secrets per client, cached), in place of
/// OpenIddict's single PBKDF2 secret, which costs ~2 ms of CPU per token request.
/// </summary>
public sealed class ValidateClientSecretWithHashes(ClientSecretVerifier verifier) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<RequireClientIdParameter>()
            .AddFilter<RequireClientSecretParameter>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseSingletonHandler<ValidateClientSecretWithHashes>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

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

/// <summary>
/// OpenIddict's client-type check, except on <c>/api/auth/renew</c> without credentials: there the
/// refresh token alone identifies the client (seed 004). A secret that is sent is still verified.
/// </summary>
public sealed class ValidateClientTypeExceptRenew(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    private readonly OpenIddictServerHandlers.ValidateClientType _inner = new(applications);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<RequireClientIdParameter>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseScopedHandler<ValidateClientTypeExceptRenew>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientType.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context) =>
        RenewEndpoint.IsRenew(context) && string.IsNullOrEmpty(context.ClientSecret) && string.IsNullOrEmpty(context.ClientAssertion)
            ? ValueTask.CompletedTask
            : _inner.HandleAsync(context);
}

/// <summary>
/// On <c>/api/auth/renew</c> the body carries no client_id: take it from the refresh token (its single
/// presenter) before client validation runs, validating the token once here.
/// </summary>
public sealed class InferClientFromRenewedToken(IOpenIddictServerDispatcher dispatcher) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<RequireTokenRequest>()
            .UseScopedHandler<InferClientFromRenewedToken>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (!RenewEndpoint.IsRenew(context) || !context.Request.IsRefreshTokenGrantType() || string.IsNullOrEmpty(context.RefreshToken))
        {
            return;
        }

        var validation = new ValidateTokenContext(context.Transaction)
        {
            Token = context.RefreshToken,
            ValidTokenTypes = { TokenTypeIdentifiers.RefreshToken },
            DisableAudienceValidation = true,
            DisablePresenterValidation = true,
        };
        await dispatcher.DispatchAsync(validation);
        if (validation.IsRejected)
        {
            context.Reject(Errors.InvalidGrant, "The refresh token is invalid or expired.");
            return;
        }

        var presenters = validation.Principal!.GetPresenters();
        if (presenters.Length != 1)
        {
            context.Reject(Errors.InvalidGrant, "The refresh token is not bound to a single client.");
            return;
        }

        // Sent anyway: it must be the same client (a stolen token is not renewed for someone else).
        if (!string.IsNullOrEmpty(context.Request.ClientId) && context.Request.ClientId != presenters[0])
        {
            context.Reject(Errors.InvalidGrant, "The refresh token was issued to another client.");
            return;
        }

        context.Request.ClientId = presenters[0];
        context.RefreshTokenPrincipal = validation.Principal;
        context.ValidateRefreshToken = false;
    }
}

/// <summary>
/// SPEC §5: a wrong secret and an unknown client_id answer the same, so client ids cannot be probed.
/// Applies to every endpoint where clients authenticate.
/// </summary>
public sealed class UniformInvalidClient :
    IOpenIddictServerHandler<ApplyTokenResponseContext>,
    IOpenIddictServerHandler<ApplyIntrospectionResponseContext>,
    IOpenIddictServerHandler<ApplyRevocationResponseContext>
{
    public const string Description = "Client authentication failed: unknown client, or wrong or missing client secret.";

    // After each endpoint's NormalizeErrorResponse, before the HTTP response is written.
    private const int Order = int.MinValue + 150_000;

    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors { get; } =
    [
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<UniformInvalidClient>().SetOrder(Order).SetType(OpenIddictServerHandlerType.Custom).Build(),
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyIntrospectionResponseContext>()
            .UseSingletonHandler<UniformInvalidClient>().SetOrder(Order).SetType(OpenIddictServerHandlerType.Custom).Build(),
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .UseSingletonHandler<UniformInvalidClient>().SetOrder(Order).SetType(OpenIddictServerHandlerType.Custom).Build(),
    ];

    public ValueTask HandleAsync(ApplyTokenResponseContext context) => Normalize(context.Response);

    public ValueTask HandleAsync(ApplyIntrospectionResponseContext context) => Normalize(context.Response);

    public ValueTask HandleAsync(ApplyRevocationResponseContext context) => Normalize(context.Response);

    private static ValueTask Normalize(OpenIddictResponse response)
    {
        if (response.Error == Errors.InvalidClient)
        {
            response.ErrorDescription = Description;
            response.ErrorUri = null;
        }

        return ValueTask.CompletedTask;
    }
}
