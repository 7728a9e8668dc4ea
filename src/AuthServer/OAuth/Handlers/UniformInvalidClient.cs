using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// SPEC §5: a wrong secret and an unknown client_id answer the same, so client ids cannot be probed.
/// Applies to every endpoint where clients authenticate: token, introspection and revocation.
/// </summary>
public sealed class UniformInvalidClient :
    IOpenIddictServerHandler<ApplyTokenResponseContext>,
    IOpenIddictServerHandler<ApplyIntrospectionResponseContext>,
    IOpenIddictServerHandler<ApplyRevocationResponseContext>
{
    public const string Description = "Client authentication failed: unknown client, or wrong or missing client secret.";

    // After each endpoint's NormalizeErrorResponse, before the HTTP response is written.
    private const int Order = int.MinValue + 150_000;

    public static OpenIddictServerHandlerDescriptor TokenDescriptor { get; } =
        CustomHandler.For<ApplyTokenResponseContext>().UseSingletonHandler<UniformInvalidClient>().At(Order);

    public static OpenIddictServerHandlerDescriptor IntrospectionDescriptor { get; } =
        CustomHandler.For<ApplyIntrospectionResponseContext>().UseSingletonHandler<UniformInvalidClient>().At(Order);

    public static OpenIddictServerHandlerDescriptor RevocationDescriptor { get; } =
        CustomHandler.For<ApplyRevocationResponseContext>().UseSingletonHandler<UniformInvalidClient>().At(Order);

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
