using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// On <c>/api/auth/renew</c> the body carries no client_id: take it from the refresh token (its single
/// presenter) before client validation runs, validating the token once here.
/// </summary>
public sealed class InferClientFromRenewedToken(IOpenIddictServerDispatcher dispatcher) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ProcessAuthenticationContext>()
        .AddFilter<RequireRenewEndpoint>()
        .UseScopedHandler<InferClientFromRenewedToken>().At(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order - 500);

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (!context.Request.IsRefreshTokenGrantType() || string.IsNullOrEmpty(context.RefreshToken))
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
