using AuthServer.Core;

namespace AuthServer.Api;

/// <summary>
/// Which tokens open an endpoint (SPEC §3): <c>.RequireScope(Scopes.SendDocuments)</c> builds its policy when
/// the endpoint is mapped, so every combination of scopes works without a list of policies to keep in step,
/// and a scope that does not exist stops the start instead of failing the first request.
/// </summary>
public static class ScopeRequirements
{
    /// <summary>
    /// Requires a valid access token (<see cref="AccessTokenAuthenticationHandler"/>) holding any of the scopes
    /// (<c>admin</c> implies every scope); none: any valid token. Records them for the OpenAPI document's
    /// security requirements (<see cref="RequiredScopes"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A scope that is not one of <see cref="Scopes.All"/>, or one named twice.</exception>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] anyOf) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var scope in anyOf)
        {
            if (!Scopes.IsKnown(scope))
            {
                throw new ArgumentException($"\"{scope}\" is not a scope of this server ({string.Join(", ", Scopes.All)}).", nameof(anyOf));
            }
        }

        if (anyOf.Distinct(StringComparer.Ordinal).Count() != anyOf.Length)
        {
            throw new ArgumentException($"A scope is named twice: {string.Join(' ', anyOf)}.", nameof(anyOf));
        }

        var policy = new AuthorizationPolicyBuilder(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
        if (anyOf.Length > 0)
        {
            policy.AddRequirements(new ScopeRequirement(anyOf));
        }

        // The policy itself as endpoint metadata, which the authorization middleware combines and caches per
        // endpoint. Not RequireAuthorization(policy): that adds an [Authorize] as well, which would merge the
        // default policy's requirements into every API request's check.
        return builder.WithMetadata(policy.Build(), new RequiredScopes(anyOf));
    }
}
