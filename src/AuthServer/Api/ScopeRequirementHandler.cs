using AuthServer.Core;

namespace AuthServer.Api;

/// <summary>Checks a <see cref="ScopeRequirement"/> against the token's scope claims (one claim per scope).</summary>
public sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    /// <summary>Where a refusal leaves the scopes that would have opened the endpoint, for the 403's challenge.</summary>
    public const string RequiredScopesItem = "authserver:required_scopes";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasClaim("scope", Scopes.Admin) || requirement.AnyOf.Any(s => context.User.HasClaim("scope", s)))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http)
        {
            // The 403 names the scopes that would have opened the endpoint (RFC 6750 §3).
            http.Items[RequiredScopesItem] = string.Join(' ', requirement.AnyOf);
        }

        return Task.CompletedTask;
    }
}
