using AuthServer.Core.Keys;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Signs and encrypts with the key ring's active keys. OpenIddict would take the first registered key,
/// but it sorts keys of equal rank in no fixed order, so the next signing key (published ahead of its
/// turn) could otherwise sign before its time.
/// </summary>
public sealed class UseActiveServerKeys(KeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<GenerateTokenContext>()
        .UseSingletonHandler<UseActiveServerKeys>().At(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        var keys = ring.Current;
        context.SigningCredentials = keys.ActiveSigning;
        if (context.EncryptionCredentials is not null)
        {
            context.EncryptionCredentials = keys.ActiveEncrypting;
        }

        return default;
    }
}
