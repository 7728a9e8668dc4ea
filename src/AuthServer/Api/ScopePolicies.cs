using AuthServer.Core;
using Microsoft.AspNetCore.Authorization;

namespace AuthServer.Api;

/// <summary>
/// One authorization policy per set of scopes that opens an endpoint (SPEC §3): the token must hold any
/// of them, and <c>admin</c> implies every scope. Endpoints say <c>.RequireScope(Scopes.SendDocuments)</c>.
/// </summary>
public static class ScopePolicies
{
    public const string AnyValidToken = "api";
    public const string RequiredScopesItem = "authserver:required_scopes";

    public static string Name(params string[] anyOf) => "scope:" + string.Join(' ', anyOf);

    /// <summary>Requires any of the scopes, and records them for the OpenAPI document's security requirements.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] anyOf) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Name(anyOf)).WithMetadata(new RequiredScopes(anyOf));

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(AnyValidToken, policy => policy.AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        string[][] sets =
        [
            [Scopes.ReadParticipantInfo],
            [Scopes.Admin],
            [Scopes.SendDocuments],
            [Scopes.SendDocuments, Scopes.ReadAllDocuments],
            [Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments, Scopes.ReadAllDocuments],
            [Scopes.SendDocuments, Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments, Scopes.ReadAllDocuments],
            [Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments],
        ];
        foreach (var anyOf in sets)
        {
            options.AddPolicy(Name(anyOf), policy => policy
                .AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(anyOf)));
        }
    }
}

/// <summary>Endpoint metadata for the OpenAPI document: the scopes of which a token needs any (<c>admin</c> always counts); none: any valid token.</summary>
public sealed record RequiredScopes(IReadOnlyList<string> AnyOf);

public sealed record ScopeRequirement(IReadOnlyList<string> AnyOf) : IAuthorizationRequirement;

public sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasClaim("scope", Scopes.Admin) || requirement.AnyOf.Any(s => context.User.HasClaim("scope", s)))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http)
        {
            // The 403 names the scopes that would have opened the endpoint (RFC 6750 §3).
            http.Items[ScopePolicies.RequiredScopesItem] = string.Join(' ', requirement.AnyOf);
        }

        return Task.CompletedTask;
    }
}
