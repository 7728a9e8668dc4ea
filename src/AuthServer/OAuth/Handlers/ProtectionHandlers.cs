using System.Collections.Immutable;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// How tokens are made and read, at every endpoint that issues or checks one: self-contained, refresh
/// tokens and codes sealed under the key ring's keys, JWT access tokens signed with its active key.
/// </summary>
public static class ProtectionHandlers
{
    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        /*
         * Token generation:
         */
        IssueSelfContainedTokens.Descriptor,
        SealRefreshTokensAndCodes.Descriptor,
        UseActiveServerKeys.Descriptor,
        WriteAccessTokenJwt.Descriptor,

        /*
         * Token validation:
         */
        UnsealRefreshTokensAndCodes.Descriptor,
    ];

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> ReplacedHandlers { get; } =
    [
        // Looks up any token it cannot read as a JWT among stored reference tokens: none exist
        // (IssueSelfContainedTokens), and every sealed token would otherwise cost a query.
        OpenIddictServerHandlers.Protection.ValidateReferenceTokenIdentifier.Descriptor,

        // Act on token entries, of which there are none: constructing them cost a token manager and
        // its MemoryCache on every token request.
        OpenIddictServerHandlers.RedeemTokenEntry.Descriptor,
        OpenIddictServerHandlers.Protection.RestoreTokenEntryProperties.Descriptor,
    ];
}
