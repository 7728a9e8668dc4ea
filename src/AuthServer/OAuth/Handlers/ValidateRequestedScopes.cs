using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// SPEC §3: a scope the client may not carry is <c>invalid_scope</c> (OpenIddict answers invalid_request).
/// </summary>
public sealed class ValidateRequestedScopes(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ValidateTokenRequestContext>()
        .AddFilter<RequireClientIdParameter>()
        .UseScopedHandler<ValidateRequestedScopes>().At(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1);

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var client = await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken);
        if (client is null)
        {
            return;
        }

        foreach (var scope in context.Request.GetScopes())
        {
            if (!await applications.HasPermissionAsync(client, Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                context.Reject(Errors.InvalidScope, $"This client may not request the '{scope}' scope.");
                return;
            }
        }
    }
}
